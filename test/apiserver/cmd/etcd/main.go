// Command etcd is the etcd server, built from go.etcd.io/etcd/server/v3 at the version go.mod pins,
// for the tests that run against a real kube-apiserver (see scripts/apiserver.mjs).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
