#!/bin/sh
# kube-explainer node collector: gathers what explains a Kubernetes node's control plane into one text bundle,
# to open in kube-explainer (it reads the bundle as a workspace: one tab per file, named by its path and host).
#
#   sudo sh collect.sh > "$(hostname)-bundle.txt"
#
# Reads (when present): /etc/kubernetes/manifests, the kubeconfigs in /etc/kubernetes, the certificates of
# /etc/kubernetes/pki and /var/lib/kubelet/pki, the kubelet's config.yaml, kubeadm-flags.env and drop-ins, the
# systemd units of kube*, etcd, containerd, k3s and rke2 with the env files they name, /etc/etcd/etcd.conf, the k3s
# and RKE2 config.yaml, the command line of each control-plane process (/proc/<pid>/cmdline), the listening TCP
# sockets (ss -ltnp, else netstat -ntlp) and the versions of the binaries.
# Never copies: private keys (for each key file it records only which certificate it belongs to, by comparing
# public parts with openssl when openssl is there), token files, and the values of tokens, passwords and secrets
# (replaced with REDACTED in everything it copies). Nothing is sent anywhere: the bundle is written to stdout.
#
# POSIX sh; uses only cat, sed, grep, tr, sort, tail, date, hostname and, when present, openssl, ss or netstat.
# COLLECT_ROOT=/path/to/copy reads a copy of a node's files instead of / (the tests use a fake node root).

set -u

ROOT=${COLLECT_ROOT:-}
# the node name: its /etc/hostname under COLLECT_ROOT, else hostname
if [ -n "$ROOT" ] && [ -r "$ROOT/etc/hostname" ]; then
	HOST=$(cat "$ROOT/etc/hostname")
else
	HOST=$(hostname 2>/dev/null || cat /etc/hostname 2>/dev/null || echo node)
fi
REDACTED=REDACTED

header() {
	# header KIND NAME [DETAIL]: one line that starts each entry of the bundle (a file or key by its path on the
	# node, a command by its command line)
	key=path
	[ "$1" = command ] && key='command'
	if [ $# -ge 3 ]; then
		printf '#### kube-explainer %s host=%s %s=%s %s\n' "$1" "$HOST" "$key" "$2" "$3"
	else
		printf '#### kube-explainer %s host=%s %s=%s\n' "$1" "$HOST" "$key" "$2"
	fi
}

# The text of a file with tokens, passwords and secrets replaced, and any private key block left out.
redact() {
	sed \
		-e '/-----BEGIN [A-Z ]*PRIVATE KEY-----/,/-----END [A-Z ]*PRIVATE KEY-----/d' \
		-e "s/^\\([[:space:]-]*\"\\{0,1\\}\\(token\\|password\\|client-key-data\\|certificate-key\\|agent-token\\|secret\\|bootstrapToken\\)\"\\{0,1\\}[[:space:]]*:[[:space:]]*\\).*/\\1$REDACTED/" \
		-e "s/\\(--[A-Za-z-]*\\(token\\|password\\|secret\\|certificate-key\\)[= ]\\)[^[:space:]\"',]*/\\1$REDACTED/g" \
		-e "s/^\\([[:space:]]*\\(export[[:space:]]\\{1,\\}\\)\\{0,1\\}[A-Za-z0-9_]*\\(TOKEN\\|PASSWORD\\|SECRET\\)[A-Za-z0-9_]*=\\).*/\\1$REDACTED/" \
		-e "s#\\(://[^:/@[:space:]]*:\\)[^@[:space:]]*@#\\1$REDACTED@#g" \
		"$1"
}

# copy PATH: a file of the node, redacted, under its header (the path as on the node, without COLLECT_ROOT)
copy() {
	[ -f "$ROOT$1" ] || return 0
	header file "$1"
	redact "$ROOT$1"
	# the next header starts on a line of its own
	[ -z "$(tail -c 1 "$ROOT$1")" ] || echo
}

# The certificates of a PEM file only (a kubelet-client-current.pem also holds the key).
copy_certificates() {
	[ -f "$ROOT$1" ] || return 0
	grep -q -- '-----BEGIN CERTIFICATE-----' "$ROOT$1" 2>/dev/null || return 0
	header file "$1"
	sed -n '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/p' "$ROOT$1"
}

# note_key PATH: which certificate of the same folder has the key's public part (the key itself is never copied)
note_key() {
	[ -f "$ROOT$1" ] || return 0
	dir=${1%/*}
	if ! command -v openssl >/dev/null 2>&1; then
		header key "$1" 'belongs-to=unknown (openssl not found)'
		return 0
	fi
	pub=$(openssl pkey -in "$ROOT$1" -pubout 2>/dev/null) || pub=
	owner=
	if [ -n "$pub" ]; then
		for c in "$ROOT$dir"/*.crt "$ROOT$dir"/*.pub; do
			[ -f "$c" ] || continue
			case $c in
			*.pub) cpub=$(openssl pkey -pubin -in "$c" -pubout 2>/dev/null) || cpub= ;;
			*) cpub=$(openssl x509 -in "$c" -noout -pubkey 2>/dev/null) || cpub= ;;
			esac
			if [ -n "$cpub" ] && [ "$cpub" = "$pub" ]; then
				owner=${c#"$ROOT"}
				break
			fi
		done
	fi
	if [ -n "$owner" ]; then
		header key "$1" "belongs-to=$owner"
	elif [ -n "$pub" ]; then
		header key "$1" 'belongs-to=none'
	else
		header key "$1" 'belongs-to=unknown (not a key openssl reads)'
	fi
}

# run NAME COMMAND...: a command's output under its header, when the command is there
run() {
	name=$1
	shift
	command -v "$1" >/dev/null 2>&1 || return 0
	out=$("$@" 2>&1) || true
	[ -n "$out" ] || return 0
	header command "$name"
	printf '%s\n' "$out" | sed -e "s/\\(--[A-Za-z-]*\\(token\\|password\\|secret\\)[= ]\\)[^[:space:]\"',]*/\\1$REDACTED/g"
}

printf '#### kube-explainer bundle v1 host=%s collected=%s\n' "$HOST" "$(date -u +%Y-%m-%dT%H:%M:%SZ 2>/dev/null)"

# static Pod manifests
for f in "$ROOT"/etc/kubernetes/manifests/*; do
	[ -f "$f" ] && copy "${f#"$ROOT"}"
done

# kubeconfigs (their keys and tokens redacted; the client certificates stay, they are public)
for f in "$ROOT"/etc/kubernetes/*.conf "$ROOT"/etc/kubernetes/kubelet.kubeconfig; do
	[ -f "$f" ] && copy "${f#"$ROOT"}"
done

# kubeadm configuration kept on the node
for f in "$ROOT"/etc/kubernetes/kubeadm*.yaml "$ROOT"/etc/kubernetes/kubeadm*.yml; do
	[ -f "$f" ] && copy "${f#"$ROOT"}"
done

# certificates; for each key only the certificate it belongs to
for dir in /etc/kubernetes/pki /etc/kubernetes/pki/etcd /var/lib/kubelet/pki /etc/etcd/pki; do
	[ -d "$ROOT$dir" ] || continue
	for f in "$ROOT$dir"/*.crt "$ROOT$dir"/*.pem "$ROOT$dir"/*.pub; do
		[ -f "$f" ] || continue
		case $f in
		*.pub) copy "${f#"$ROOT"}" ;;
		*) copy_certificates "${f#"$ROOT"}" ;;
		esac
	done
	for f in "$ROOT$dir"/*.key; do
		[ -f "$f" ] && note_key "${f#"$ROOT"}"
	done
done

# the kubelet
for f in /var/lib/kubelet/config.yaml /var/lib/kubelet/kubeadm-flags.env /etc/default/kubelet /etc/sysconfig/kubelet \
	/etc/kubernetes/kubelet /etc/kubernetes/config /etc/kubernetes/apiserver /etc/kubernetes/controller-manager \
	/etc/kubernetes/scheduler /etc/kubernetes/proxy /etc/etcd/etcd.conf; do
	copy "$f"
done

# systemd units and drop-ins, then the env files they name
units=
for dir in /etc/systemd/system /usr/lib/systemd/system /lib/systemd/system; do
	for f in "$ROOT$dir"/kube*.service "$ROOT$dir"/etcd*.service "$ROOT$dir"/containerd.service \
		"$ROOT$dir"/k3s*.service "$ROOT$dir"/rke2*.service \
		"$ROOT$dir"/kube*.service.d/*.conf "$ROOT$dir"/etcd*.service.d/*.conf \
		"$ROOT$dir"/containerd.service.d/*.conf "$ROOT$dir"/k3s*.service.d/*.conf "$ROOT$dir"/rke2*.service.d/*.conf; do
		[ -f "$f" ] || continue
		copy "${f#"$ROOT"}"
		units="$units ${f}"
	done
done
for u in $units; do
	sed -n 's/^[[:space:]]*EnvironmentFile=-\{0,1\}//p' "$u" 2>/dev/null
done | sort -u | while read -r e; do
	case $e in
	# copied above already
	/var/lib/kubelet/kubeadm-flags.env | /etc/default/kubelet | /etc/sysconfig/kubelet | /etc/etcd/etcd.conf) ;;
	/etc/kubernetes/kubelet | /etc/kubernetes/config | /etc/kubernetes/apiserver | /etc/kubernetes/controller-manager) ;;
	/etc/kubernetes/scheduler | /etc/kubernetes/proxy) ;;
	/*) copy "$e" ;;
	esac
done

# k3s and RKE2
for f in "$ROOT"/etc/rancher/k3s/config.yaml "$ROOT"/etc/rancher/k3s/config.yaml.d/*.yaml \
	"$ROOT"/etc/rancher/rke2/config.yaml "$ROOT"/etc/rancher/rke2/config.yaml.d/*.yaml; do
	[ -f "$f" ] && copy "${f#"$ROOT"}"
done

# the command line of every control-plane process, one a line (NULs turned into spaces)
procs=
for f in "$ROOT"/proc/[0-9]*/cmdline; do
	[ -r "$f" ] || continue
	line=$(tr '\000' ' ' <"$f" 2>/dev/null)
	exe=${line%% *}
	case ${exe##*/} in
	kube-apiserver | kube-controller-manager | kube-scheduler | kubelet | kube-proxy | etcd | k3s | rke2 | hyperkube)
		procs="${procs}${line}
"
		;;
	esac
done
if [ -n "$procs" ]; then
	header command 'ps -eo args'
	printf '%s' "$procs" | sed -e "s/\\(--[A-Za-z-]*\\(token\\|password\\|secret\\|certificate-key\\)[= ]\\)[^[:space:]\"',]*/\\1$REDACTED/g"
fi

# listening sockets, versions
if command -v ss >/dev/null 2>&1; then
	run 'ss -ltnp' ss -ltnp
else
	run 'netstat -ntlp' netstat -ntlp
fi
run 'kubelet --version' kubelet --version
run 'kubeadm version -o short' kubeadm version -o short
run 'etcd --version' etcd --version
run 'k3s --version' k3s --version
run 'rke2 --version' rke2 --version
exit 0
