// psacheck reads JSON lines {"level", "version", "podMeta", "podSpec"} and prints, for each, one JSON line
// {"allowed", "reasons", "details", "policy"}: what the Pod Security admission library
// (k8s.io/pod-security-admission/policy, the code the API server runs) decides for that pod at that level and
// version. A line may give {"namespaceLabels", "mode"} instead of level and version: the library then reads the
// level and version of that mode ("enforce" or "warn") from the Namespace's labels as the admission does
// (api.PolicyToEvaluate, with the API server's default policy, privileged at latest), and "maxMinor" caps that
// version (latest included) at v1.<maxMinor>. The oracle of test/apiserver/psa.apiserver.test.ts.
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
	Level           string            `json:"level"`
	Version         string            `json:"version"`
	NamespaceLabels map[string]string `json:"namespaceLabels"`
	Mode            string            `json:"mode"`
	MaxMinor        int               `json:"maxMinor"`
	PodMeta         metav1.ObjectMeta `json:"podMeta"`
	PodSpec         corev1.PodSpec    `json:"podSpec"`
}

type output struct {
	Allowed bool     `json:"allowed"`
	Reasons []string `json:"reasons"`
	Details []string `json:"details"`
	Policy  string   `json:"policy"`
}

// levelVersion is the level and version a query asks for: given, or read from the Namespace labels.
func levelVersion(c input) (api.LevelVersion, error) {
	if c.Mode == "" {
		level, err := api.ParseLevel(c.Level)
		if err != nil {
			return api.LevelVersion{}, fmt.Errorf("level %q: %w", c.Level, err)
		}
		version, err := api.ParseVersion(c.Version)
		if err != nil {
			return api.LevelVersion{}, fmt.Errorf("version %q: %w", c.Version, err)
		}
		return api.LevelVersion{Level: level, Version: version}, nil
	}
	privileged := api.LevelVersion{Level: api.LevelPrivileged, Version: api.LatestVersion()}
	defaults := api.Policy{Enforce: privileged, Audit: privileged, Warn: privileged}
	policy, _ := api.PolicyToEvaluate(c.NamespaceLabels, defaults) // invalid labels read as the admission reads them
	var lv api.LevelVersion
	switch c.Mode {
	case "enforce":
		lv = policy.Enforce
	case "warn":
		lv = policy.Warn
	default:
		return api.LevelVersion{}, fmt.Errorf("mode %q: must be enforce or warn", c.Mode)
	}
	if c.MaxMinor > 0 && (lv.Version.Latest() || lv.Version.Minor() > c.MaxMinor) {
		lv.Version = api.MajorMinorVersion(1, c.MaxMinor)
	}
	return lv, nil
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
		lv, err := levelVersion(c)
		if err != nil {
			fail(err)
		}
		result := policy.AggregateCheckResults(evaluator.EvaluatePod(lv, &c.PodMeta, &c.PodSpec))
		o := output{Allowed: result.Allowed, Reasons: result.ForbiddenReasons, Details: result.ForbiddenDetails, Policy: fmt.Sprintf("%s:%s", lv.Level, lv.Version)}
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
