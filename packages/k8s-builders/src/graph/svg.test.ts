import { describe, expect, it } from "vitest";
import { base, edit } from "../../test/support/checks.ts";
import type { Manifest } from "../base/manifest.ts";
import { bundleGraph } from "./bundle-graph.ts";
import { toSvg } from "./svg.ts";

/** The web Deployment reading a ConfigMap that is not in the bundle: one dangling reference. */
function dangling() {
  const { ns, web, svc } = base();
  const reading = edit(web, (d) => {
    d.spec.template.spec.containers[0].envFrom = [{ configMapRef: { name: "web-config" } }];
  });
  return [ns, reading, svc];
}

/** The `<g class="node …">` elements: their key, role, name and box. */
function nodes(svg: string) {
  return [
    ...svg.matchAll(
      /<g class="node (\w+)" id="(n\d+)"[^>]* data-name="([^"]*)">\n<title>[^<]*<\/title>\n<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/g,
    ),
  ].map(([, role, key, name, x, y, w, h]) => ({
    role,
    key,
    name,
    x: Number(x),
    y: Number(y),
    w: Number(w),
    h: Number(h),
  }));
}

describe("toSvg", () => {
  it("lays out Service, workload and config in columns left to right", () => {
    const { ns, web, svc } = base();
    const reading = edit(web, (d) => {
      d.spec.template.spec.containers[0].envFrom = [{ configMapRef: { name: "web-config" } }];
    });
    const svg = toSvg(bundleGraph([ns, reading, svc], { validate: { external: ["web-config"] } }));
    const byName = Object.fromEntries(nodes(svg).map((n) => [`${n.role}:${n.name}`, n.x]));
    expect(Object.keys(byName)).toEqual(["workload:web", "object:web", "external:web-config"]);
    expect(byName["object:web"]).toBeLessThan(byName["workload:web"] ?? 0);
    expect(byName["workload:web"]).toBeLessThan(byName["external:web-config"] ?? 0);
  });

  it("labels every edge, traffic solid and references dashed", () => {
    const svg = toSvg(bundleGraph(dangling()));
    expect(svg).toMatch(
      /<g class="edge" data-edge="\d+" data-from="Service\/shop\/web" data-to="Deployment\/shop\/web" data-relation="selects">\n<title>[^<]*<\/title>\n<path d="[^"]*" fill="none" stroke="#1e293b" stroke-width="1.3" marker-end/,
    );
    const labels = [
      ...svg.matchAll(/<g class="edge-label" data-edge="\d+">\n<rect[^>]*\/>\n<text[^>]*>([^<]*)<\/text>/g),
    ].map((m) => m[1]);
    expect(labels.sort()).toEqual(["reads envFrom", "selects 8080→http"]);
  });

  it("draws a dangling reference in red, with the finding in the missing object's box", () => {
    const svg = toSvg(bundleGraph(dangling()));
    expect(svg).toMatch(
      /<g class="edge dangling"[^>]*data-to="ConfigMap\/shop\/web-config"[^>]*>\n<title>[^<]*<\/title>\n<path [^>]*stroke="#dc2626"/,
    );
    const missing = svg.slice(svg.indexOf('<g class="node missing"'));
    const box = missing.slice(0, missing.indexOf("</g>"));
    const red = [...box.matchAll(/<text [^>]*fill="#dc2626">([^<]*)<\/text>/g)].map((m) => m[1]).join(" ");
    expect(red).toBe(
      "✖ CONFIG_MAP_MISSING: ConfigMap &quot;web-config&quot; is not in the bundle&#39;s namespace &quot;shop&quot;",
    );
  });

  it("writes a finding about a missing object once when two workloads reference it", () => {
    const [ns, web, svc] = dangling();
    const worker = edit(web, (d) => {
      d.metadata.name = "worker";
    });
    const svg = toSvg(bundleGraph([ns, web, worker, svc] as Manifest[]));
    const box = svg.slice(svg.indexOf('<g class="node missing"'));
    const notes = [...box.slice(0, box.indexOf("</g>")).matchAll(/fill="#dc2626">(✖[^<]*)<\/text>/g)];
    expect(notes).toHaveLength(1);
    expect(svg.match(/<g class="edge dangling"/g)).toHaveLength(2);
  });

  it("is self-contained: no script, no link, no font or image fetched", () => {
    const svg = toSvg(bundleGraph(dangling()));
    expect(svg).not.toMatch(/<script|<image|<foreignObject|@import|@font-face|href="(?!#)|url\((?!#)/);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });

  it("escapes what would start markup", () => {
    const { ns, web } = base();
    const odd = edit(web, (d) => {
      d.metadata.labels["app.kubernetes.io/component"] = 'a"b<c>&';
    });
    expect(toSvg(bundleGraph([ns, odd]))).toContain('data-component="a&quot;b&lt;c&gt;&amp;"');
  });

  it("gives the same bytes for the same graph", () => {
    expect(toSvg(bundleGraph(dangling()))).toBe(toSvg(bundleGraph(dangling())));
  });
});
