/** Inputs shared by the tests of kubeconfigs that skip TLS verification. */

/** A kube-apiserver at 10.0.0.1, the server the kubeconfigs point at (the points-to edge needs its end). */
export const INSECURE_TEST_APISERVER = `apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
  - command:
    - kube-apiserver
    - --advertise-address=10.0.0.1
    - --etcd-servers=https://127.0.0.1:2379
    image: registry.k8s.io/kube-apiserver:v1.31.0
    name: kube-apiserver
  hostNetwork: true
`;
