/**
 * `toSvg(graph)`: a bundle graph as a self-contained SVG picture, laid out here (no renderer, no network, no
 * font to fetch): columns by role — entry (Ingress, routes, monitors) → Services and the objects that target
 * workloads → workloads → what the pods read (ConfigMaps, Secrets, claims, ServiceAccounts) → network peers —
 * and one band per component.
 */
import type { BundleGraph, GraphNode } from "./bundle-graph-model.ts";
import { clip, type DrawnEdge, type DrawnNode, drawing, OUTSIDE, printable } from "./draw.ts";

const NODE_W = 220;
const COL_GAP = 200;
const LINE_H = 15;
const NODE_PAD = 8;
const NODE_GAP = 16;
const BAND_HEADER = 24;
const BAND_PAD = 12;
const BAND_GAP = 14;
const MARGIN = 16;
/** Width of a character at the label and node font sizes: an estimate, so text is kept inside its box. */
const CHAR_W = 6.4;
const LABEL_H = 14;
/** Characters of text that fit in a node box. */
const NODE_CHARS = Math.floor((NODE_W - 2 * NODE_PAD) / CHAR_W);

const RED = "#dc2626";
const FONT = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif";

/** Entry points of traffic and of scraping. */
const ENTRY_KINDS = new Set([
  "Ingress",
  "HTTPRoute",
  "GRPCRoute",
  "TLSRoute",
  "TCPRoute",
  "Gateway",
  "ServiceMonitor",
  "PodMonitor",
]);
/** Objects that point at workloads: Services, and what scales or protects their pods. */
const FRONT_KINDS = new Set(["Service", "HorizontalPodAutoscaler", "PodDisruptionBudget"]);
const WORKLOAD_KINDS = new Set([
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "Job",
  "CronJob",
  "Pod",
  "ReplicaSet",
]);

/** The column of a node: 0 entry, 1 Services, 2 workloads, 3 config, secrets and claims, 4 network peers. */
function columnOf(n: GraphNode): number {
  if (n.role === "peer") return 4;
  if (n.role === "workload" || WORKLOAD_KINDS.has(n.kind)) return 2;
  if (ENTRY_KINDS.has(n.kind)) return 0;
  if (FRONT_KINDS.has(n.kind)) return 1;
  return 3;
}

/**
 * Text for XML: the five characters with a meaning there as entities, and the characters XML 1.0 cannot hold
 * (controls, lone surrogates, U+FFFE/U+FFFF) drawn visibly, so that any text gives a well-formed image.
 */
function esc(s: string): string {
  return printable(s)
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** Words wrapped into lines of at most `chars` characters (a longer word is cut). */
function wrap(s: string, chars: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of s.split(" ")) {
    const next = line === "" ? word : `${line} ${word}`;
    if (next.length <= chars) line = next;
    else {
      if (line !== "") lines.push(line);
      line = clip(word, chars);
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

/** Numbers in the SVG: at most one decimal, so the text is the same on every machine. */
function n1(v: number): string {
  return String(Math.round(v * 10) / 10);
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Placed {
  readonly drawn: DrawnNode;
  readonly box: Box;
  readonly col: number;
  readonly lines: readonly string[];
  readonly notes: readonly string[];
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Side of a cell of {@link BoxGrid}, in pixels. */
const CELL = 128;

/**
 * Boxes filed by the grid cells they cover, so that finding one that overlaps a box looks only at the boxes of
 * its cells, not at every box: a bundle with thousands of labelled arrows is laid out in linear, not quadratic,
 * time. Two boxes that overlap share a cell, so the answer is the same as comparing with every box.
 */
class BoxGrid {
  readonly #cells = new Map<string, Box[]>();

  static #keys(b: Box): string[] {
    const keys: string[] = [];
    for (let i = Math.floor(b.x / CELL); i <= Math.floor((b.x + b.w) / CELL); i++)
      for (let j = Math.floor(b.y / CELL); j <= Math.floor((b.y + b.h) / CELL); j++) keys.push(`${i},${j}`);
    return keys;
  }

  add(b: Box): void {
    for (const key of BoxGrid.#keys(b)) {
      const cell = this.#cells.get(key);
      if (cell === undefined) this.#cells.set(key, [b]);
      else cell.push(b);
    }
  }

  /** Whether a box filed here overlaps `b`. */
  hits(b: Box): boolean {
    return BoxGrid.#keys(b).some((key) => this.#cells.get(key)?.some((o) => overlaps(b, o)) ?? false);
  }
}

function nodeStyle(p: Placed): { fill: string; stroke: string; width: number; dash: string; rx: number } {
  const role = p.drawn.node.role;
  if (role === "missing") return { fill: "#fee2e2", stroke: RED, width: 2, dash: "", rx: 2 };
  if (p.notes.length > 0)
    return { fill: "#fff7ed", stroke: RED, width: 2, dash: "", rx: role === "workload" ? 10 : 2 };
  if (role === "workload") return { fill: "#dbeafe", stroke: "#1d4ed8", width: 2, dash: "", rx: 10 };
  if (role === "external" || role === "peer")
    return { fill: "#f1f5f9", stroke: "#64748b", width: 1, dash: "4 3", rx: 2 };
  return { fill: "#f8fafc", stroke: "#64748b", width: 1, dash: "", rx: 2 };
}

/**
 * A bundle graph as a self-contained SVG: columns by role — entry (Ingress, HTTPRoute, ServiceMonitor) →
 * Services, HPAs and PDBs → workloads → ConfigMaps, Secrets, claims and ServiceAccounts → network peers — with
 * one band per component, workloads as rounded blue boxes, traffic (routes, Service selection, allowed network
 * flows) as solid labelled arrows, references as dashed ones, and dangling references in red with the
 * `validateBundle` finding in the missing object's box. No script, no external reference, no web font (the text
 * uses the system's sans-serif); deterministic: the same graph gives the same bytes.
 *
 * @example
 * writeFileSync("bundle.svg", toSvg(bundleGraph(objects)));
 */
export function toSvg(graph: BundleGraph): string {
  const d = drawing(graph);
  // Columns nobody uses are left out, so a small bundle gives a small picture.
  const used = [...new Set(d.nodes.map((n) => columnOf(n.node)))].sort((a, b) => a - b);
  const xOf = (col: number) => MARGIN + BAND_PAD + used.indexOf(col) * (NODE_W + COL_GAP);
  const placed = new Map<string, Placed>();
  const bands: { title: string; box: Box; outside: boolean }[] = [];
  let y = MARGIN;
  for (const g of d.groups) {
    const top = y;
    const stack = new Map<number, number>();
    for (const drawn of g.nodes) {
      const col = columnOf(drawn.node);
      const lines = drawn.lines.map((l) => clip(l, NODE_CHARS));
      const notes = drawn.notes.flatMap((note) => wrap(note, NODE_CHARS));
      const h = NODE_PAD * 2 + LINE_H * (lines.length + notes.length);
      const at = stack.get(col) ?? top + BAND_HEADER;
      placed.set(drawn.key, { drawn, col, lines, notes, box: { x: xOf(col), y: at, w: NODE_W, h } });
      stack.set(col, at + h + NODE_GAP);
    }
    const bottom = Math.max(...stack.values()) - NODE_GAP + BAND_PAD;
    const title = g.component === "" ? "(no component)" : g.component;
    const width = used.length * NODE_W + (used.length - 1) * COL_GAP + 2 * BAND_PAD;
    bands.push({
      title,
      box: { x: MARGIN, y: top, w: width, h: bottom - top },
      outside: g.component === OUTSIDE,
    });
    y = bottom + BAND_GAP;
  }

  // Where each edge leaves and enters a box: spread along the side, ordered by the other end's height.
  const ends = new Map<string, { edge: number; end: "from" | "to"; otherY: number }[]>();
  const sides: { from: "left" | "right"; to: "left" | "right" }[] = [];
  d.edges.forEach((e, i) => {
    const a = placed.get(e.from.key);
    const b = placed.get(e.to.key);
    if (a === undefined || b === undefined) return;
    const side =
      a.col < b.col
        ? ({ from: "right", to: "left" } as const)
        : a.col > b.col
          ? ({ from: "left", to: "right" } as const)
          : ({ from: "right", to: "right" } as const);
    sides[i] = side;
    const push = (key: string, end: "from" | "to", otherY: number) => {
      const list = ends.get(key) ?? [];
      list.push({ edge: i, end, otherY });
      ends.set(key, list);
    };
    push(`${e.from.key}:${side.from}`, "from", b.box.y + b.box.h / 2);
    push(`${e.to.key}:${side.to}`, "to", a.box.y + a.box.h / 2);
  });
  const anchor = new Map<string, { x: number; y: number }>();
  for (const [key, list] of ends) {
    const [nodeKey = "", side] = key.split(":");
    const p = placed.get(nodeKey);
    if (p === undefined) continue;
    const sorted = [...list].sort((s, t) => s.otherY - t.otherY || s.edge - t.edge);
    sorted.forEach((s, i) => {
      const x = side === "right" ? p.box.x + p.box.w : p.box.x;
      const yAt = p.box.y + (p.box.h * (i + 1)) / (sorted.length + 1);
      anchor.set(`${s.edge}:${s.end}`, { x, y: yAt });
    });
  }

  // The boxes a label must keep clear of: the nodes', and the labels placed before it.
  const taken = new BoxGrid();
  for (const p of placed.values()) taken.add(p.box);
  const labelBoxes: Box[] = [];
  const edgeParts: string[] = [];
  const labelParts: string[] = [];
  d.edges.forEach((e: DrawnEdge, i) => {
    const p0 = anchor.get(`${i}:from`);
    const p3 = anchor.get(`${i}:to`);
    const side = sides[i];
    if (p0 === undefined || p3 === undefined || side === undefined) return;
    const color = e.edge.dangling ? RED : e.traffic ? "#1e293b" : "#64748b";
    const dx = (side.from === "right" ? 1 : -1) * Math.max(40, Math.abs(p3.x - p0.x) / 2);
    const dxTo = side.from === side.to ? dx : -dx;
    const c1 = { x: p0.x + (side.from === side.to ? 60 : dx), y: p0.y };
    const c2 = { x: p3.x + (side.from === side.to ? 60 : dxTo), y: p3.y };
    const path = `M${n1(p0.x)},${n1(p0.y)} C${n1(c1.x)},${n1(c1.y)} ${n1(c2.x)},${n1(c2.y)} ${n1(p3.x)},${n1(p3.y)}`;
    // The label on the curve, as near its middle as leaves it clear of the labels and boxes already there.
    const text = clip(e.text, 40);
    const lw = text.length * CHAR_W + 8;
    const boxAt = (t: number): Box => {
      const u = 1 - t;
      const px = u * u * u * p0.x + 3 * u * u * t * c1.x + 3 * u * t * t * c2.x + t * t * t * p3.x;
      const py = u * u * u * p0.y + 3 * u * u * t * c1.y + 3 * u * t * t * c2.y + t * t * t * p3.y;
      return { x: px - lw / 2, y: py - LABEL_H / 2, w: lw, h: LABEL_H };
    };
    const clear = (b: Box) => !taken.hits(b);
    let box = boxAt(0.5);
    const onCurve = [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74].map(boxAt).find(clear);
    if (onCurve !== undefined) box = onCurve;
    else for (let tries = 0; tries < 40 && !clear(box); tries++) box.y += LABEL_H + 2;
    labelBoxes.push(box);
    taken.add(box);
    edgeParts.push(
      `<g class="edge${e.edge.dangling ? " dangling" : ""}" data-edge="${i}" data-from="${esc(e.edge.from)}" data-to="${esc(e.edge.to)}" data-relation="${e.edge.relation}">`,
      `<title>${esc(`${e.edge.from} ${e.text} ${e.edge.to}`)}</title>`,
      `<path d="${path}" fill="none" stroke="${color}" stroke-width="${e.edge.dangling ? 2 : 1.3}"${e.traffic ? "" : ' stroke-dasharray="5 4"'} marker-end="url(#${e.edge.dangling ? "arrow-red" : e.traffic ? "arrow" : "arrow-ref"})"/>`,
      "</g>",
    );
    labelParts.push(
      `<g class="edge-label" data-edge="${i}">`,
      `<rect x="${n1(box.x)}" y="${n1(box.y)}" width="${n1(box.w)}" height="${LABEL_H}" rx="3" fill="#ffffff" fill-opacity="0.92" stroke="${color}" stroke-width="0.5"/>`,
      `<text x="${n1(box.x + box.w / 2)}" y="${n1(box.y + LABEL_H - 3.5)}" font-size="10.5" text-anchor="middle" fill="${e.edge.dangling ? RED : "#0f172a"}">${esc(text)}</text>`,
      "</g>",
    );
  });

  // The picture holds every box; labels of edges that come back into the last column stand out to its right.
  const all = [{ x: 0, y: 0, w: MARGIN, h: MARGIN }, ...bands.map((b) => b.box), ...labelBoxes];
  const width = Math.ceil(Math.max(...all.map((b) => b.x + b.w)) + MARGIN);
  const height = Math.ceil(Math.max(...all.map((b) => b.y + b.h)) + MARGIN);

  const bandParts = bands.flatMap((b) => [
    `<g class="band" data-component="${esc(b.title)}">`,
    `<rect x="${n1(b.box.x)}" y="${n1(b.box.y)}" width="${n1(b.box.w)}" height="${n1(b.box.h)}" rx="6" fill="${b.outside ? "#fafafa" : "#f8fafc"}" stroke="#cbd5e1"${b.outside ? ' stroke-dasharray="6 4"' : ""}/>`,
    `<text x="${n1(b.box.x + 8)}" y="${n1(b.box.y + 16)}" font-size="12" font-weight="bold" fill="#475569">${esc(b.title)}</text>`,
    "</g>",
  ]);

  const nodeParts = [...placed.values()].flatMap((p) => {
    const st = nodeStyle(p);
    const n = p.drawn.node;
    const texts = [
      ...p.lines.map((l, i) => ({
        text: l,
        bold: i === 1,
        color: n.role === "missing" ? "#7f1d1d" : i === 0 ? "#475569" : "#0f172a",
        size: i === 0 ? 10.5 : 12,
      })),
      ...p.notes.map((l) => ({ text: l, bold: false, color: RED, size: 10.5 })),
    ];
    return [
      `<g class="node ${n.role}" id="${p.drawn.key}" data-id="${esc(n.id)}" data-kind="${esc(n.kind)}" data-name="${esc(n.name)}">`,
      `<title>${[n.id, ...p.drawn.notes].map(esc).join("\n")}</title>`,
      `<rect x="${n1(p.box.x)}" y="${n1(p.box.y)}" width="${n1(p.box.w)}" height="${n1(p.box.h)}" rx="${st.rx}" fill="${st.fill}" stroke="${st.stroke}" stroke-width="${st.width}"${st.dash === "" ? "" : ` stroke-dasharray="${st.dash}"`}/>`,
      ...texts.map(
        (t, i) =>
          `<text x="${n1(p.box.x + NODE_PAD)}" y="${n1(p.box.y + NODE_PAD + LINE_H * (i + 1) - 4)}" font-size="${t.size}"${t.bold ? ' font-weight="bold"' : ""} fill="${t.color}">${esc(t.text)}</text>`,
      ),
      "</g>",
    ];
  });

  const marker = (id: string, color: string) =>
    `<marker id="${id}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${color}"/></marker>`;
  return `${[
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n1(width)}" height="${n1(height)}" viewBox="0 0 ${n1(width)} ${n1(height)}" font-family="${FONT}">`,
    "<title>Bundle graph</title>",
    `<defs>${marker("arrow", "#1e293b")}${marker("arrow-ref", "#64748b")}${marker("arrow-red", RED)}</defs>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...bandParts,
    ...edgeParts,
    ...nodeParts,
    ...labelParts,
    "</svg>",
  ].join("\n")}\n`;
}
