import { describe, expect, it } from "vitest";
import { base, edit } from "../../test/support/checks.ts";
import { networkPolicy } from "../kinds/network-policy.ts";
import { bundleGraph } from "./bundle-graph.ts";
import { toMermaid } from "./mermaid.ts";

/** The web Deployment reading a ConfigMap that is not in the bundle: one dangling reference. */
function dangling() {
  const { ns, web, svc } = base();
  const reading = edit(web, (d) => {
    d.spec.template.spec.containers[0].envFrom = [{ configMapRef: { name: "web-config" } }];
  });
  return [ns, reading, svc];
}

describe("toMermaid", () => {
  it("draws the objects grouped by component, traffic solid and references dashed", () => {
    const { ns, web, svc } = base();
    const api = edit(web, (d) => {
      d.metadata.labels["app.kubernetes.io/component"] = "api";
      d.spec.template.spec.containers[0].envFrom = [{ configMapRef: { name: "web-config" } }];
    });
    const text = toMermaid(bundleGraph([ns, api, svc], { validate: { external: ["web-config"] } }));
    expect(text.split("\n").slice(0, 9)).toEqual([
      "flowchart LR",
      '  subgraph g0["api"]',
      '    n0("Deployment<br/>web<br/>2 replicas")',
      "  end",
      '  n1["Service<br/>web<br/>ClusterIP"]',
      '  subgraph g2["outside the bundle"]',
      '    n2{{"ConfigMap (external)<br/>web-config"}}',
      "  end",
      '  n0 -.->|"reads envFrom"| n2',
    ]);
    expect(text).toContain('  n1 -->|"selects 8080→http"| n0\n');
    expect(text).toContain("  class n0 workload\n");
    expect(text).not.toContain("linkStyle");
  });

  it("draws a dangling reference in red, with the finding in the missing object's box", () => {
    const text = toMermaid(bundleGraph(dangling()));
    expect(text).toContain(
      '    n2{{"ConfigMap (missing)<br/>web-config<br/>✖ CONFIG_MAP_MISSING#58; ConfigMap #quot;web-config#quot; is not in the bundle\'s namespace #quot;shop#quot;"}}',
    );
    expect(text).toContain("  class n2 missing\n");
    expect(text).toContain("  linkStyle 0 stroke:#dc2626,stroke-width:2px,color:#dc2626\n");
  });

  it("draws a NetworkPolicy that fails a check as a box with its finding, in red like any failing object", () => {
    const { all } = base();
    const policy = networkPolicy({ name: "deny", namespace: "shpo", podSelector: {}, ingress: [] });
    const text = toMermaid(bundleGraph([...all, policy]));
    expect(text).toContain(
      `  n2["NetworkPolicy<br/>deny<br/>✖ NAMESPACE_UNDEFINED#58; namespace #quot;shpo#quot; is not one of the bundle's Namespaces (shop)"]\n`,
    );
    expect(text).toMatch(/^ {2}class (n\d+,)*n2(,n\d+)* failing$/m);
  });

  it("escapes what would end a label or start markup", () => {
    const { ns, web } = base();
    const odd = edit(web, (d) => {
      d.metadata.labels["app.kubernetes.io/component"] = 'a"b<c>#';
    });
    expect(toMermaid(bundleGraph([ns, odd]))).toContain('  subgraph g0["a#quot;b#lt;c#gt;#35;"]');
  });

  it("gives the same text for the same graph", () => {
    expect(toMermaid(bundleGraph(dangling()))).toBe(toMermaid(bundleGraph(dangling())));
  });
});
