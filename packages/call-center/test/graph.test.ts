/** The picture of the call-center bundle: `--graph` of the command line, and the diagram in the docs. */
import { bundleGraph, toMermaid, toSvg } from "@call-center/k8s-builders";
import { describe, expect, it } from "vitest";
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
