/** The picture of the call-center bundle: `--graph` of the command line, and the diagram in the docs. */
import { bundleGraph, deployment, networkPolicy, toMermaid, toSvg } from "@call-center/k8s-builders";
import { describe, expect, it } from "vitest";
import { mermaidLimitWarning } from "../src/cli.ts";
import { type CliIo, callCenter, callCenterCheckOptions, resolveConfig, runCli } from "../src/index.ts";

/** Runs the command line in memory. */
async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readFile: () => {
      throw new Error("--graph reads no file here");
    },
    isDirectory: () => false,
    writeFiles: () => {
      throw new Error("--graph writes no file");
    },
  };
  const code = await runCli(args, io);
  return { code, stdout: out.join(""), stderr: err.join("") };
}

const production = resolveConfig("production");
const workloads = ["call-processor", "admin-api", "postgresql", "redis", "prometheus", "grafana"];

describe("the call-center bundle's graph", () => {
  it("has every workload, and every Service routed to by an Ingress", () => {
    const graph = bundleGraph(callCenter(production), { validate: callCenterCheckOptions(production) });
    expect(graph.nodes.filter((n) => n.role === "workload").map((n) => n.name)).toEqual(workloads);
    const routes = graph.edges.filter((e) => e.relation === "routes").map((e) => [e.from, e.to, e.label]);
    expect(routes).toEqual([
      ["Ingress/call-center/call-center", "Service/call-center/admin-api", "/api → http, /admin → http"],
      ["Ingress/call-center/call-center-ws", "Service/call-center/call-processor", "/ws → http"],
    ]);
    expect(graph.edges.filter((e) => e.dangling)).toEqual([]);
    expect(graph.nodes.filter((n) => n.role === "external").map((n) => n.name)).toEqual([
      "db-credentials",
      "api-keys",
      "jwt-secret",
      "grafana-admin",
    ]);
  });
});

describe("node examples/call-center.ts --graph", () => {
  it("prints the Mermaid diagram of the bundle instead of the YAML", async () => {
    const r = await cli(["--graph", "mermaid"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      toMermaid(bundleGraph(callCenter(production), { validate: callCenterCheckOptions(production) })),
    );
    expect(r.stderr).toBe("");
  });

  it("prints the SVG picture of the bundle with --graph svg", async () => {
    const r = await cli(["--graph", "svg"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      toSvg(bundleGraph(callCenter(production), { validate: callCenterCheckOptions(production) })),
    );
    expect(r.stdout.startsWith("<svg ")).toBe(true);
    expect(r.stderr).toBe("");
  });

  it.each([
    [["--graph", "png"], 'unknown graph format "png" (expected mermaid or svg)'],
    [
      ["--graph", "mermaid", "--out", "k8s/"],
      "--graph prints a picture instead of the bundle; leave out --out",
    ],
    [["--graph", "mermaid", "--format", "json"], "leave out --format"],
    [["--graph", "mermaid", "--secret-templates"], "leave out --secret-templates"],
  ])("refuses %j", async (args, says) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(says);
  });
});

/** The Mermaid diagram of `count` Deployments that a NetworkPolicy lets all talk to each other: count² edges. */
function talkative(count: number): string {
  const container = { name: "app", image: "app:1.0.0", ports: [{ name: "http", containerPort: 8080 }] };
  const apps = Array.from({ length: count }, (_, i) =>
    deployment({ name: `app-${i}`, namespace: "shop", containers: [container] }),
  );
  const policy = networkPolicy({
    name: "same-namespace",
    namespace: "shop",
    podSelector: {},
    ingress: [{ peers: [{ pods: {} }] }],
  });
  return toMermaid(bundleGraph([...apps, policy]));
}

describe("--graph mermaid over Mermaid's default limits", () => {
  it("says nothing for the call-center bundle, well within them", async () => {
    const r = await cli(["--graph", "mermaid"]);
    expect(mermaidLimitWarning(r.stdout)).toBeUndefined();
    expect(r.stderr).toBe("");
  });

  it("warns in one line with the edge count, the limit and --graph svg when there are over 500 edges", () => {
    expect(mermaidLimitWarning(talkative(25))).toBe(
      "warning: the Mermaid diagram has 625 edges (Mermaid's default limit: 500, maxEdges): GitHub and other " +
        "renderers with Mermaid's defaults will not draw it; use --graph svg (no such limit), or raise the " +
        "limit with mermaid.initialize in a renderer you control\n",
    );
  });

  it("names both limits in the one line when the diagram is also over 50,000 characters", () => {
    const text = talkative(60);
    const warning = mermaidLimitWarning(text) ?? "";
    expect(text.length).toBeGreaterThan(50_000);
    expect(warning).toContain(
      `has 3600 edges (Mermaid's default limit: 500, maxEdges) and ${text.length} characters (Mermaid's default limit: 50000, maxTextSize): `,
    );
    expect(warning.split("\n")).toEqual([expect.stringMatching(/^warning: /), ""]);
  });
});
