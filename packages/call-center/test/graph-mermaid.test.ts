/**
 * The Mermaid diagram of the production bundle (the one README.md and docs/call-center.md embed), checked by
 * looking: rendered by Mermaid's own renderer (the `mermaid` npm package's bundled file, from disk) in headless
 * Chromium from Debian's packages, driven by playwright-core in a child process (graph-mermaid-render.mjs), and
 * checked for what a person checks — every workload there, no box over another, every edge labelled, a dangling
 * reference in red, a picture that is not blank. The screenshots are written to `.tmp/pictures/` (git-ignored)
 * for a person to look at.
 *
 * Runs when Chromium is there (`chromium` on PATH, or `CHROMIUM=/path/to/chromium`); without it the tests are
 * skipped, except with CI=true, where they fail: `.ci/run` installs Chromium (CONTRIBUTING.md).
 */

import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import {
  bundleGraph,
  deployment,
  gateway,
  httpRoute,
  namespace,
  serviceFor,
  toMermaid,
} from "@call-center/k8s-builders";
import { beforeAll, describe, expect, it } from "vitest";
import { callCenter, callCenterCheckOptions, resolveConfig } from "../src/index.ts";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const production = resolveConfig("production");
/** #dc2626, the red of a dangling reference (toMermaid's `missing` class and `linkStyle`). */
const RED = "rgb(220, 38, 38)";
const workloads = ["call-processor", "admin-api", "postgresql", "redis", "prometheus", "grafana"];

/** Chromium's executable: `CHROMIUM`, else `chromium` (Debian) or `chromium-browser` on PATH. */
function findChromium(): string | undefined {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const dir of (process.env.PATH ?? "").split(delimiter))
    for (const name of ["chromium", "chromium-browser"])
      if (dir !== "" && existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

const executable = findChromium();
const required = /^(1|true)$/i.test(process.env.CI ?? "");

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Pixels of the screenshot in a box: all, drawn (not near-white), dark (text), red (#dc2626-like). */
interface Pixels {
  total: number;
  drawn: number;
  dark: number;
  red: number;
}

/** What graph-mermaid-render.mjs returns for a diagram (boxes in CSS pixels from the diagram's corner). */
interface Picture {
  width: number;
  height: number;
  nodes: {
    key: string;
    classes: string[];
    box: Box;
    fill: string;
    stroke: string;
    lines: string[];
    labelBox: Box;
    pixels: Pixels;
    /** On the line of the node's name. */
    namePixels: Pixels;
  }[];
  edges: { id: string; stroke: string; box: Box; pixels: Pixels }[];
  edgeLabels: { id: string; text: string; box: Box }[];
  groups: { key: string; text: string; box: Box }[];
  image: { file: string; width: number; height: number; pixels: Pixels };
  requests: string[];
}

/** Renders Mermaid texts in Chromium, in a child process; the PNGs go to `.tmp/pictures/<name>.mermaid.png`. */
async function render(diagrams: { name: string; text: string }[]): Promise<Picture[]> {
  if (executable === undefined)
    throw new Error(
      "Chromium is required when CI=true: install Debian's (apt-get install chromium) or set CHROMIUM=/path",
    );
  const script = fileURLToPath(new URL("./graph-mermaid-render.mjs", import.meta.url));
  const run = promisify(execFile)(process.execPath, [script], { maxBuffer: 64 * 1024 * 1024 });
  run.child.stdin?.end(
    JSON.stringify({ chromium: executable, pictures: join(root, ".tmp/pictures"), diagrams }),
  );
  return JSON.parse((await run).stdout) as Picture[];
}

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

function inside(inner: Box, outer: Box): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.w <= outer.x + outer.w &&
    inner.y + inner.h <= outer.y + outer.h
  );
}

/** The Mermaid block of a Markdown file. */
function mermaidBlock(file: string): string {
  const match = /^```mermaid\n([\s\S]*?)^```$/m.exec(readFileSync(join(root, file), "utf8"));
  return match?.[1] ?? "";
}

const graph = bundleGraph(callCenter(production), { validate: callCenterCheckOptions(production) });
const text = toMermaid(graph);
/** The production bundle without the ConfigMap both Deployments read: one missing object, two dangling edges. */
const brokenText = toMermaid(
  bundleGraph(
    callCenter(production).filter((o) => !(o.kind === "ConfigMap" && o.metadata?.name === "app-config")),
    { validate: callCenterCheckOptions(production) },
  ),
);

/**
 * A bundle whose HTTPRoute matches a regular expression holding what Mermaid reads as syntax: a directive, a
 * comment, HTML entities and markup, its `style…:…#…;` rewrite, `\n`, a line break.
 */
const hostileRegex = '/a%%{init: {"theme":"dark"}}%%&lt;b&amp;<br>style:x#y;z\\n\n%% c';
const hostileText = (() => {
  const web = deployment({
    name: "web",
    namespace: "shop",
    containers: [
      { name: "app", image: "ghcr.io/acme/app:1.0.0", ports: [{ name: "http", containerPort: 8080 }] },
    ],
  });
  const svc = serviceFor(web);
  const gw = gateway({
    name: "gw",
    namespace: "shop",
    gatewayClassName: "envoy",
    listeners: [{ name: "http", protocol: "HTTP", hostname: "shop.example.com" }],
  });
  const route = httpRoute({
    name: "r",
    namespace: "shop",
    parentRefs: [{ gateway: gw, sectionName: "http" }],
    rules: [
      {
        matches: [{ path: { type: "RegularExpression", value: hostileRegex } }],
        backends: [{ service: svc, port: "http" }],
      },
    ],
  });
  return toMermaid(bundleGraph([namespace({ name: "shop" }), gw, web, svc, route]));
})();

describe.skipIf(executable === undefined && !required)(
  "Mermaid diagrams rendered by Mermaid in headless Chromium",
  () => {
    let picture: Picture;
    let broken: Picture;
    let hostile: Picture;

    beforeAll(async () => {
      [picture, broken, hostile] = (await render([
        { name: "production", text },
        { name: "broken", text: brokenText },
        { name: "hostile", text: hostileText },
      ])) as [Picture, Picture, Picture];
    }, 300_000);

    describe("the Mermaid diagram of the production bundle", () => {
      it("is the diagram README.md and docs/call-center.md embed, drawn without a request", () => {
        expect(mermaidBlock("README.md")).toBe(text);
        expect(mermaidBlock("docs/call-center.md")).toBe(text);
        expect([...picture.requests, ...broken.requests]).toEqual([]);
      });

      it("has every workload of the bundle as a node labelled with its name, the text drawn in its box", () => {
        expect(graph.nodes.filter((n) => n.role === "workload").map((n) => n.name)).toEqual(workloads);
        const nodes = picture.nodes.filter((n) => n.classes.includes("workload"));
        expect(nodes.map((n) => n.lines[1])).toEqual(workloads);
        for (const n of nodes) {
          expect(n.fill).toBe("rgb(219, 234, 254)");
          expect(inside(n.labelBox, n.box)).toBe(true);
          // Text pixels on the name's line, in the screenshot (a font was found and the label drawn).
          expect(n.namePixels.dark).toBeGreaterThan(40);
        }
      });

      it("has no node box over another, and no edge label over a node box", () => {
        const { nodes, edgeLabels } = picture;
        expect(nodes.length).toBe(text.match(/^ {2,4}n\d+[([{]/gm)?.length);
        const clashes: string[] = [];
        nodes.forEach((a, i) => {
          for (const b of nodes.slice(i + 1)) if (overlap(a.box, b.box)) clashes.push(`${a.key} / ${b.key}`);
        });
        for (const l of edgeLabels)
          for (const n of nodes) if (overlap(l.box, n.box)) clashes.push(`label ${l.id} over ${n.key}`);
        expect(clashes).toEqual([]);
      });

      it("labels every edge of the graph: one label each, not empty, with the edge's text", () => {
        const { edges, edgeLabels } = picture;
        expect(edges.length).toBe(graph.edges.length);
        expect(edgeLabels.length).toBe(graph.edges.length);
        expect(edgeLabels.filter((l) => l.text === "").map((l) => l.id)).toEqual([]);
        expect(edgeLabels.map((l) => l.id).sort()).toEqual(edges.map((e) => e.id).sort());
        const texts = graph.edges.map((e) => (e.label === "" ? e.relation : `${e.relation} ${e.label}`));
        expect(edgeLabels.map((l) => l.text).sort()).toEqual(texts.sort());
      });

      it("groups the nodes by component, each node inside its group's box", () => {
        const { nodes, groups } = picture;
        const components = [...text.matchAll(/^ {2}subgraph (g\d+)\["([^"]*)"\]$/gm)];
        expect(groups.map((g) => g.text).sort()).toEqual(components.map((c) => c[2]).sort());
        const outside: string[] = [];
        for (const [, key = ""] of components) {
          const group = groups.find((g) => g.key === key);
          const block = text.split(`subgraph ${key}[`)[1]?.split("\n  end")[0] ?? "";
          for (const [, member] of block.matchAll(/^ {4}(n\d+)/gm)) {
            const node = nodes.find((n) => n.key === member);
            if (group === undefined || node === undefined || !inside(node.box, group.box))
              outside.push(`${member} of ${key}`);
          }
        }
        expect(outside).toEqual([]);
      });

      it("draws nothing in red: no dangling reference", () => {
        expect(picture.edges.filter((e) => e.stroke === RED)).toEqual([]);
        expect(picture.image.pixels.red).toBe(0);
      });

      it("is a picture, not a blank image: a PNG of the diagram's size, with drawn pixels", () => {
        const png = readFileSync(picture.image.file);
        expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
        const size = [png.readUInt32BE(16), png.readUInt32BE(20)];
        expect(size).toEqual([Math.ceil(picture.width), Math.ceil(picture.height)]);
        expect(size).toEqual([picture.image.width, picture.image.height]);
        expect(picture.image.width).toBeGreaterThan(1000);
        const { total, drawn, dark } = picture.image.pixels;
        expect(drawn / total).toBeGreaterThan(0.05);
        expect(dark).toBeGreaterThan(10_000);
      });
    });

    describe("the Mermaid diagram of a broken bundle", () => {
      it("draws the missing ConfigMap as a red box holding the finding", () => {
        const missing = broken.nodes.filter((n) => n.classes.includes("missing"));
        expect(missing.map((n) => n.lines.slice(0, 2))).toEqual([["ConfigMap (missing)", "app-config"]]);
        const [box] = missing;
        expect(box?.lines[2]).toMatch(/^✖ CONFIG_MAP_MISSING: ConfigMap "app-config"/);
        expect([box?.fill, box?.stroke]).toEqual(["rgb(254, 226, 226)", RED]);
        // Its red border, in the screenshot.
        expect(box?.pixels.red).toBeGreaterThan(200);
      });

      it("draws the references to it in red, and only those", () => {
        const missing = broken.nodes.find((n) => n.classes.includes("missing"))?.key;
        const red = broken.edges.filter((e) => e.stroke === RED);
        const key = (name: string) =>
          broken.nodes.find((n) => n.lines[1] === name && n.classes.includes("workload"))?.key;
        expect(red.map((e) => e.id).sort()).toEqual(
          [`L_${key("admin-api")}_${missing}_0`, `L_${key("call-processor")}_${missing}_0`].sort(),
        );
        // Red pixels along each of them, in the screenshot.
        for (const e of red) expect(e.pixels.red).toBeGreaterThan(100);
      });
    });

    describe("the Mermaid diagram of a bundle with text that is Mermaid syntax", () => {
      it("draws the text as written: nothing in it read as a directive, comment, entity or line break", () => {
        const route = hostile.edgeLabels.find((l) => l.text.startsWith("routes"));
        expect(route?.text).toBe(`routes ${hostileRegex.replace("\n", "␊")} → 8080`);
      });
    });
  },
);
