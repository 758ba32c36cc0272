#!/bin/sh
# Writes tests/fixtures/pki-generated/: a kubeadm-like PKI for the node cp1 (192.168.56.10) of the sample cluster
# (content/examples/kubeadm-v1.31), made with openssl, valid for 100 years, plus a few broken pieces for the
# trust checks (tests/unit/trust.test.ts).
#
# THE PRIVATE KEYS IN THAT FOLDER ARE FAKE: made by this script on a developer's machine, for tests only, and
# protect nothing. Never commit a real key from anywhere else.
#
# The folder is flat (tests read every fixture folder one level deep): `--` in a name stands for `/` below
# /etc/kubernetes, so `pki--etcd--ca.crt` is /etc/kubernetes/pki/etcd/ca.crt; `extra--*` are the broken pieces.
#
#   sh tests/gen-pki-fixtures.sh      (needs openssl; run from the repository root; overwrites the folder)
set -eu
OUT=tests/fixtures/pki-generated
DAYS=36500
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"
rm -f "$OUT"/*

cat >"$TMP/ext.cnf" <<'EOF'
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, digitalSignature, keyEncipherment, keyCertSign
subjectKeyIdentifier = hash
[ca-no-ski]
basicConstraints = critical, CA:TRUE
keyUsage = critical, digitalSignature, keyEncipherment, keyCertSign
subjectKeyIdentifier = none
authorityKeyIdentifier = none
[server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:cp1, DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.cluster.local, IP:10.96.0.1, IP:192.168.56.10
[server-no-sans]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
authorityKeyIdentifier = keyid
[etcd]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
authorityKeyIdentifier = keyid
subjectAltName = DNS:cp1, DNS:localhost, IP:192.168.56.10, IP:127.0.0.1, IP:0:0:0:0:0:0:0:1
[client]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
[server-only]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
authorityKeyIdentifier = keyid
EOF

rsa() { openssl genrsa -traditional -out "$1" 2048 2>/dev/null; }
rsa8() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null; }
ec() { openssl ecparam -name prime256v1 -genkey -noout -out "$1"; }
# ca <name> <key> <subject>
ca() {
  openssl req -x509 -new -key "$2" -subj "$3" -days "$DAYS" -sha256 -config "$TMP/ext.cnf" -extensions "${4:-ca}" \
    -set_serial "0x$(openssl rand -hex 8)" -out "$1"
}
# leaf <out> <key> <subject> <ca cert> <ca key> <extensions>
leaf() {
  openssl req -new -key "$2" -subj "$3" -out "$TMP/csr" 2>/dev/null
  openssl x509 -req -in "$TMP/csr" -CA "$4" -CAkey "$5" -set_serial "0x$(openssl rand -hex 8)" -days "$DAYS" -sha256 \
    -extfile "$TMP/ext.cnf" -extensions "$6" -out "$1" 2>/dev/null
}
b64() { base64 -w0 "$1"; }
# kubeconfig <out> <ca cert> <client cert> <client key> <user> <server>
kubeconfig() {
  cat >"$1" <<EOF
apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: $(b64 "$2")
    server: $6
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: $5
  name: $5@kubernetes
current-context: $5@kubernetes
kind: Config
preferences: {}
users:
- name: $5
  user:
    client-certificate-data: $(b64 "$3")
    client-key-data: $(b64 "$4")
EOF
}

P="$OUT/pki"
# the cluster CA and what it signs
rsa "$P--ca.key" && ca "$P--ca.crt" "$P--ca.key" "/CN=kubernetes"
rsa "$P--apiserver.key" && leaf "$P--apiserver.crt" "$P--apiserver.key" "/CN=kube-apiserver" "$P--ca.crt" "$P--ca.key" server
rsa "$P--apiserver-kubelet-client.key"
leaf "$P--apiserver-kubelet-client.crt" "$P--apiserver-kubelet-client.key" "/O=kubeadm:cluster-admins/CN=kube-apiserver-kubelet-client" "$P--ca.crt" "$P--ca.key" client
# the front proxy (its client key as PKCS #8)
rsa "$P--front-proxy-ca.key" && ca "$P--front-proxy-ca.crt" "$P--front-proxy-ca.key" "/CN=front-proxy-ca"
rsa8 "$P--front-proxy-client.key"
leaf "$P--front-proxy-client.crt" "$P--front-proxy-client.key" "/CN=front-proxy-client" "$P--front-proxy-ca.crt" "$P--front-proxy-ca.key" client
# etcd, with ECDSA P-256 keys
E="$P--etcd"
ec "$E--ca.key" && ca "$E--ca.crt" "$E--ca.key" "/CN=etcd-ca"
ec "$E--server.key" && leaf "$E--server.crt" "$E--server.key" "/CN=cp1" "$E--ca.crt" "$E--ca.key" etcd
ec "$E--peer.key" && leaf "$E--peer.crt" "$E--peer.key" "/CN=cp1" "$E--ca.crt" "$E--ca.key" etcd
ec "$E--healthcheck-client.key"
leaf "$E--healthcheck-client.crt" "$E--healthcheck-client.key" "/CN=kube-etcd-healthcheck-client" "$E--ca.crt" "$E--ca.key" client
ec "$P--apiserver-etcd-client.key"
leaf "$P--apiserver-etcd-client.crt" "$P--apiserver-etcd-client.key" "/CN=kube-apiserver-etcd-client" "$E--ca.crt" "$E--ca.key" client
# the service-account key pair
rsa "$P--sa.key" && openssl rsa -in "$P--sa.key" -pubout -out "$P--sa.pub" 2>/dev/null

# kubeconfigs with embedded client certificates
SERVER=https://192.168.56.10:6443
for spec in "admin.conf|/O=kubeadm:cluster-admins/CN=kubernetes-admin|kubernetes-admin" \
  "super-admin.conf|/O=system:masters/CN=kubernetes-super-admin|kubernetes-super-admin" \
  "controller-manager.conf|/CN=system:kube-controller-manager|system:kube-controller-manager" \
  "scheduler.conf|/CN=system:kube-scheduler|system:kube-scheduler" \
  "kubelet.conf|/O=system:nodes/CN=system:node:cp1|system:node:cp1"; do
  name=${spec%%|*}
  rest=${spec#*|}
  subject=${rest%%|*}
  user=${rest#*|}
  rsa "$TMP/$name.key"
  leaf "$TMP/$name.crt" "$TMP/$name.key" "$subject" "$P--ca.crt" "$P--ca.key" client
  kubeconfig "$OUT/$name" "$P--ca.crt" "$TMP/$name.crt" "$TMP/$name.key" "$user" "$SERVER"
done

# broken pieces
X="$OUT/extra"
rsa "$X--other-ca.key" && ca "$X--other-ca.crt" "$X--other-ca.key" "/CN=other-ca"
# the same name as etcd's CA, another key and no key identifier: only the signatures tell the two apart
ec "$TMP/impostor.key" && ca "$X--impostor-etcd-ca.crt" "$TMP/impostor.key" "/CN=etcd-ca" ca-no-ski
# a CA certificate without basicConstraints (X.509 v1)
rsa "$TMP/plain.key"
openssl req -new -key "$TMP/plain.key" -subj "/CN=plain-ca" -out "$TMP/csr"
openssl x509 -req -in "$TMP/csr" -signkey "$TMP/plain.key" -days "$DAYS" -sha256 -out "$X--plain-ca.crt" 2>/dev/null
# the API server's key, no SANs
leaf "$X--apiserver-no-sans.crt" "$P--apiserver.key" "/CN=kube-apiserver" "$P--ca.crt" "$P--ca.key" server-no-sans
# the API server's etcd client key, server auth only
leaf "$X--etcd-client-server-only.crt" "$P--apiserver-etcd-client.key" "/CN=kube-apiserver-etcd-client" "$E--ca.crt" "$E--ca.key" server-only
# another service-account key pair
rsa "$X--sa-other.key" && openssl rsa -in "$X--sa-other.key" -pubout -out "$X--sa-other.pub" 2>/dev/null
# admin.conf from another CA
rsa "$TMP/other-admin.key"
leaf "$TMP/other-admin.crt" "$TMP/other-admin.key" "/O=kubeadm:cluster-admins/CN=kubernetes-admin" "$X--other-ca.crt" "$X--other-ca.key" client
kubeconfig "$X--admin-other-ca.conf" "$X--other-ca.crt" "$TMP/other-admin.crt" "$TMP/other-admin.key" kubernetes-admin "$SERVER"

echo "wrote $(ls "$OUT" | wc -l) files to $OUT"
