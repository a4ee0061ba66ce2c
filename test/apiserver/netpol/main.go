// netpolcheck answers, for namespaces, pods and NetworkPolicies, which connections the NetworkPolicies allow,
// using the packet evaluation of sigs.k8s.io/kube-network-policies (the reference implementation by the
// Kubernetes SIG Network). The oracle of test/apiserver/netpol.apiserver.test.ts.
//
// The package keeps its evaluation unexported, so this program (a Go module of its own) is built with
// testdata/oracle.go added to a copy of that package (netpol-oracle.ts, with `go build -modfile`).
//
// Input: JSON lines {"namespaces": [Namespace], "pods": [Pod with status.podIPs], "policies": [NetworkPolicy],
// "queries": [{"src": ip, "dst": ip, "port": n, "protocol": "TCP"}], "services": [Service],
// "consumers": [{"src": ip, "service": "ns/name"}]}. Every object gets the API server's defaults (policyTypes,
// protocols, targetPort, the kubernetes.io/metadata.name label) and goes through JSON the way a stored object
// does (empty lists read back as absent); policies the API server rejects are listed in "invalid".
// A consumer is blocked when some port of the Service, on some pod it selects (other than the consumer), is
// refused: the port the EndpointSlice controller sends traffic to (endpointslice.FindPort: the targetPort,
// named ports resolved on the pod).
// Output: one JSON line per input line, {"invalid": ["ns/name: error"], "allowed": [bool], "blocked": [bool]}.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"os"

	v1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/endpointslice"
	corev1defaults "k8s.io/kubernetes/pkg/apis/core/v1"
	"k8s.io/kubernetes/pkg/apis/networking"
	networkingv1apis "k8s.io/kubernetes/pkg/apis/networking/v1"
	"k8s.io/kubernetes/pkg/apis/networking/validation"
	"sigs.k8s.io/kube-network-policies/pkg/networkpolicy"
)

type query struct {
	Src      string      `json:"src"`
	Dst      string      `json:"dst"`
	Port     int         `json:"port"`
	Protocol v1.Protocol `json:"protocol"`
}

type consumer struct {
	Src     string `json:"src"`
	Service string `json:"service"`
}

type input struct {
	Namespaces []*v1.Namespace               `json:"namespaces"`
	Pods       []*v1.Pod                     `json:"pods"`
	Policies   []*networkingv1.NetworkPolicy `json:"policies"`
	Queries    []query                       `json:"queries"`
	Services   []*v1.Service                 `json:"services"`
	Consumers  []consumer                    `json:"consumers"`
}

type output struct {
	Invalid []string `json:"invalid"`
	Allowed []bool   `json:"allowed"`
	Blocked []bool   `json:"blocked"`
}

// stored returns obj as the API server hands it back: encoded and decoded again, so that empty lists are absent.
func stored[T any](obj *T) *T {
	b, err := json.Marshal(obj)
	if err != nil {
		panic(err)
	}
	out := new(T)
	if err := json.Unmarshal(b, out); err != nil {
		panic(err)
	}
	return out
}

func evaluate(in input) (output, error) {
	out := output{Invalid: []string{}, Allowed: []bool{}, Blocked: []bool{}}
	namespaces := []*v1.Namespace{}
	for _, n := range in.Namespaces {
		corev1defaults.SetObjectDefaults_Namespace(n)
		corev1defaults.SetDefaults_Namespace(n)
		namespaces = append(namespaces, stored(n))
	}
	pods := []*v1.Pod{}
	for _, p := range in.Pods {
		corev1defaults.SetObjectDefaults_Pod(p)
		pods = append(pods, stored(p))
	}
	policies := []*networkingv1.NetworkPolicy{}
	for _, np := range in.Policies {
		networkingv1apis.SetObjectDefaults_NetworkPolicy(np)
		internal := &networking.NetworkPolicy{}
		if err := networkingv1apis.Convert_v1_NetworkPolicy_To_networking_NetworkPolicy(np, internal, nil); err != nil {
			return out, err
		}
		if errs := validation.ValidateNetworkPolicy(internal, validation.NetworkPolicyValidationOptions{}); len(errs) > 0 {
			out.Invalid = append(out.Invalid, fmt.Sprintf("%s/%s: %v", np.Namespace, np.Name, errs.ToAggregate()))
			continue
		}
		policies = append(policies, stored(np))
	}
	verdict, err := networkpolicy.NewOracle(pods, namespaces, policies)
	if err != nil {
		return out, err
	}
	for _, q := range in.Queries {
		src, dst := net.ParseIP(q.Src), net.ParseIP(q.Dst)
		if src == nil || dst == nil {
			return out, fmt.Errorf("bad address in %+v", q)
		}
		out.Allowed = append(out.Allowed, verdict(src, dst, q.Protocol, 40000, q.Port))
	}
	services := map[string]*v1.Service{}
	for _, svc := range in.Services {
		corev1defaults.SetObjectDefaults_Service(svc)
		services[svc.Namespace+"/"+svc.Name] = stored(svc)
	}
	for _, c := range in.Consumers {
		svc, src := services[c.Service], net.ParseIP(c.Src)
		if src == nil {
			return out, fmt.Errorf("bad consumer %+v", c)
		}
		blocked := false
		// Without a selector, no EndpointSlice is made for the Service: nothing to reach (nor without a Service).
		if svc == nil || len(svc.Spec.Selector) == 0 {
			out.Blocked = append(out.Blocked, false)
			continue
		}
		selector := labels.SelectorFromSet(svc.Spec.Selector)
		for _, pod := range pods {
			if pod.Namespace != svc.Namespace || !selector.Matches(labels.Set(pod.Labels)) || pod.Status.PodIPs[0].IP == c.Src {
				continue
			}
			for i := range svc.Spec.Ports {
				port, err := endpointslice.FindPort(pod, &svc.Spec.Ports[i])
				if err != nil {
					continue // no endpoint for this pod and port
				}
				dst := net.ParseIP(pod.Status.PodIPs[0].IP)
				if !verdict(src, dst, svc.Spec.Ports[i].Protocol, 40000, port) {
					blocked = true
				}
			}
		}
		out.Blocked = append(out.Blocked, blocked)
	}
	return out, nil
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<24), 1<<24)
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	for in.Scan() {
		var c input
		if err := json.Unmarshal(in.Bytes(), &c); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		out, err := evaluate(c)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		b, _ := json.Marshal(out)
		fmt.Fprintln(w, string(b))
	}
}
