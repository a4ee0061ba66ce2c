// Package crdgen pins the prometheus-operator API types whose CustomResourceDefinitions the API-server tests
// install: scripts/apiserver.mjs runs upstream's generator (controller-gen, pinned by the tool line of
// go.mod) over them, as prometheus-operator does for its published CRDs.
package crdgen

import _ "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
