// psacheck reads JSON lines {"level", "version", "podMeta", "podSpec"} and prints, for each, one JSON line
// {"allowed", "reasons", "details"}: what the Pod Security admission library (k8s.io/pod-security-admission/policy,
// the code the API server runs) decides for that pod at that level and version. The oracle of
// test/apiserver/psa.apiserver.test.ts.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
)

type input struct {
	Level   string            `json:"level"`
	Version string            `json:"version"`
	PodMeta metav1.ObjectMeta `json:"podMeta"`
	PodSpec corev1.PodSpec    `json:"podSpec"`
}

type output struct {
	Allowed bool     `json:"allowed"`
	Reasons []string `json:"reasons"`
	Details []string `json:"details"`
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(2)
}

func main() {
	evaluator, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		fail(err)
	}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	for in.Scan() {
		var c input
		if err := json.Unmarshal(in.Bytes(), &c); err != nil {
			fail(err)
		}
		level, err := api.ParseLevel(c.Level)
		if err != nil {
			fail(fmt.Errorf("level %q: %w", c.Level, err))
		}
		version, err := api.ParseVersion(c.Version)
		if err != nil {
			fail(fmt.Errorf("version %q: %w", c.Version, err))
		}
		result := policy.AggregateCheckResults(evaluator.EvaluatePod(api.LevelVersion{Level: level, Version: version}, &c.PodMeta, &c.PodSpec))
		o := output{Allowed: result.Allowed, Reasons: result.ForbiddenReasons, Details: result.ForbiddenDetails}
		if o.Reasons == nil {
			o.Reasons, o.Details = []string{}, []string{}
		}
		if err := enc.Encode(o); err != nil {
			fail(err)
		}
	}
	if err := in.Err(); err != nil {
		fail(err)
	}
}
