/** toMermaid and the limits of Mermaid's default configuration (GitHub's renderer): maxEdges and maxTextSize. */
import { describe, expect, it } from "vitest";
import { appContainer, base, NS } from "../../test/support/checks.ts";
import { deployment } from "../kinds/deployment.ts";
import { networkPolicy } from "../kinds/network-policy.ts";
import { bundleGraph } from "./bundle-graph.ts";
import { toMermaid } from "./mermaid.ts";
import { MERMAID_LIMITS, mermaidLimitsExceeded } from "./mermaid-limits.ts";

/** `count` Deployments in one namespace, and a NetworkPolicy letting every pod of it reach every other. */
function talkative(count: number) {
  const { ns } = base();
  const apps = Array.from({ length: count }, (_, i) =>
    deployment({ name: `app-${i}`, namespace: NS, containers: [appContainer] }),
  );
  const policy = networkPolicy({
    name: "same-namespace",
    namespace: NS,
    podSelector: {},
    ingress: [{ peers: [{ pods: {} }] }],
  });
  return [ns, ...apps, policy];
}

/** A toMermaid diagram with `edges` edge lines and nothing else. */
function edges(count: number): string {
  const lines = Array.from({ length: count }, (_, i) => `  n${i} -->|"allows 8080/TCP"| n${i + 1}`);
  return ["flowchart LR", ...lines, ""].join("\n");
}

describe("MERMAID_LIMITS", () => {
  it("are Mermaid's defaults: 500 edges and 50,000 characters", () => {
    expect(MERMAID_LIMITS).toEqual({ maxEdges: 500, maxTextSize: 50_000 });
  });
});

describe("mermaidLimitsExceeded", () => {
  it("finds nothing over the limits in a small bundle's diagram", () => {
    expect(mermaidLimitsExceeded(toMermaid(bundleGraph(base().all)))).toEqual([]);
  });

  it("counts the edges of a namespace of 25 workloads that may all talk to each other: over maxEdges", () => {
    const text = toMermaid(bundleGraph(talkative(25)));
    expect(mermaidLimitsExceeded(text)).toEqual([{ limit: "maxEdges", count: 625, max: 500 }]);
  });

  it("accepts exactly 500 edges and refuses 501, as Mermaid does", () => {
    expect(mermaidLimitsExceeded(edges(500))).toEqual([]);
    expect(mermaidLimitsExceeded(edges(501))).toEqual([{ limit: "maxEdges", count: 501, max: 500 }]);
  });

  it("counts dashed reference edges as edges too", () => {
    const text = edges(501).replaceAll("-->", "-.->");
    expect(mermaidLimitsExceeded(text)).toEqual([{ limit: "maxEdges", count: 501, max: 500 }]);
  });

  it("finds a diagram over 50,000 characters, counted in UTF-16 code units as Mermaid counts them", () => {
    const at = `flowchart LR\n  n0["${"x".repeat(50_000 - 24)}🙂"]\n`; // 🙂 is two code units
    expect(at.length).toBe(50_000);
    expect(mermaidLimitsExceeded(at)).toEqual([]);
    expect(mermaidLimitsExceeded(`${at} `)).toEqual([{ limit: "maxTextSize", count: 50_001, max: 50_000 }]);
  });
});
