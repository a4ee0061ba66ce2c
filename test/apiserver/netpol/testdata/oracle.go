// This file is not built here: netpol-oracle.ts copies it into sigs.k8s.io/kube-network-policies/pkg/networkpolicy
// (see ../main.go), whose packet evaluation is unexported. It builds a Controller on in-memory listers, the way
// newController wires its informers, and asks the package's own evaluatePacket for a verdict.
package networkpolicy

import (
	"context"
	"net"

	v1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
	networkinglisters "k8s.io/client-go/listers/networking/v1"
	"k8s.io/client-go/tools/cache"
)

// OracleVerdict answers whether a packet from srcIP:srcPort to dstIP:dstPort over proto is allowed by the
// NetworkPolicies, for the given pods (with status.podIPs) and namespaces.
type OracleVerdict func(srcIP, dstIP net.IP, proto v1.Protocol, srcPort, dstPort int) bool

// NewOracle returns the verdict function of a Controller that knows exactly these objects.
func NewOracle(pods []*v1.Pod, namespaces []*v1.Namespace, policies []*networkingv1.NetworkPolicy) (OracleVerdict, error) {
	podIndexer := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{
		cache.NamespaceIndex: cache.MetaNamespaceIndexFunc,
		// The index newController adds to the pod informer: hostNetwork pods are not found by IP.
		podIPIndex: func(obj interface{}) ([]string, error) {
			pod, ok := obj.(*v1.Pod)
			if !ok || pod.Spec.HostNetwork {
				return []string{}, nil
			}
			result := []string{}
			for _, ip := range pod.Status.PodIPs {
				result = append(result, ip.IP)
			}
			return result, nil
		},
	})
	for _, p := range pods {
		if err := podIndexer.Add(p); err != nil {
			return nil, err
		}
	}
	nsIndexer := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{})
	for _, n := range namespaces {
		if err := nsIndexer.Add(n); err != nil {
			return nil, err
		}
	}
	npIndexer := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{cache.NamespaceIndex: cache.MetaNamespaceIndexFunc})
	for _, np := range policies {
		if err := npIndexer.Add(np); err != nil {
			return nil, err
		}
	}
	c := &Controller{
		podLister:           corelisters.NewPodLister(podIndexer),
		namespaceLister:     corelisters.NewNamespaceLister(nsIndexer),
		networkpolicyLister: networkinglisters.NewNetworkPolicyLister(npIndexer),
	}
	// newController's lookup without the NRI fallback (no runtime here): the pod holding the IP, or nil.
	c.getPodAssignedToIP = func(podIP string) *v1.Pod {
		objs, err := podIndexer.ByIndex(podIPIndex, podIP)
		if err != nil || len(objs) == 0 {
			return nil
		}
		return objs[0].(*v1.Pod)
	}
	return func(srcIP, dstIP net.IP, proto v1.Protocol, srcPort, dstPort int) bool {
		return c.evaluatePacket(context.Background(), packet{srcIP: srcIP, dstIP: dstIP, proto: proto, srcPort: srcPort, dstPort: dstPort})
	}, nil
}
