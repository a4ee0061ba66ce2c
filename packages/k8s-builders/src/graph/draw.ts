/**
 * What `toMermaid` and `toSvg` both draw, decided once: which nodes and edges are shown, the groups (one per
 * component), each node's lines of text, and each edge's style.
 */
import type { BundleGraph, GraphEdge, GraphNode, GraphRelation } from "./bundle-graph-model.ts";

/**
 * Not drawn as boxes: the Namespace holds everything, and a NetworkPolicy is drawn as the flows it allows
 * between workloads (edges), not as an object. Unless one of them fails a check: then it is a box like any
 * failing object, so that what is broken is in the picture.
 */
const HIDDEN_KINDS = new Set(["Namespace", "NetworkPolicy"]);

/** The group of the objects a bundle references but does not hold (external, missing) and of network peers. */
export const OUTSIDE = "outside the bundle";

/** Edges that carry traffic (drawn solid); the others are references (dashed). */
export const TRAFFIC: ReadonlySet<GraphRelation> = new Set(["routes", "selects", "allows"]);

/** A node as drawn: its short id in the picture, its group and its lines of text. */
export interface DrawnNode {
  readonly node: GraphNode;
  /** `n0`, `n1`… in graph order. */
  readonly key: string;
  /** The kind (and `not in the bundle`, `made outside`…), the name, the detail. */
  readonly lines: readonly string[];
  /** The findings drawn beside a dangling or failing node (errors only), one line each. */
  readonly notes: readonly string[];
}

/** An edge as drawn. */
export interface DrawnEdge {
  readonly edge: GraphEdge;
  readonly from: DrawnNode;
  readonly to: DrawnNode;
  /** The text on the edge: the relation and its label (`selects 8080→http`). */
  readonly text: string;
  readonly traffic: boolean;
}

/** A group of nodes: the objects of one component (`""`: objects without one), or {@link OUTSIDE}. */
export interface DrawnGroup {
  readonly key: string;
  readonly component: string;
  readonly nodes: readonly DrawnNode[];
}

export interface Drawing {
  readonly groups: readonly DrawnGroup[];
  readonly nodes: readonly DrawnNode[];
  readonly edges: readonly DrawnEdge[];
}

/**
 * Characters that have no place in a one-line label, and what is drawn instead: C0 controls (line breaks and tabs
 * among them) and DEL as their Unicode Control Picture (`␊` for a line feed), which XML 1.0 cannot hold raw and
 * Mermaid drops or reads as syntax; a lone surrogate or a noncharacter (U+FFFE, U+FFFF), which have no UTF-8 or
 * XML form, as U+FFFD (`�`).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f\ufffe\uffff]|\p{Cs}/gu;

/** `s` with every character a label cannot hold drawn visibly (see {@link UNPRINTABLE}). */
export function printable(s: string): string {
  return s.replace(UNPRINTABLE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0x1f ? String.fromCharCode(0x2400 + code) : code === 0x7f ? "\u2421" : "\ufffd";
  });
}

/** `s` cut to `chars` characters (code points: an emoji is never cut in half), the last one `…` when cut. */
export function clip(s: string, chars: number): string {
  const points = Array.from(s);
  return points.length > chars ? `${points.slice(0, chars - 1).join("")}…` : s;
}

/** A finding as one short line: its code and the message after the object's name. */
function noteOf(message: string, code: string): string {
  const text = message.replace(/^[A-Za-z]+ "[^"]*": /, "");
  return `✖ ${code}: ${clip(text, 90)}`;
}

function linesOf(n: GraphNode): string[] {
  const kind =
    n.role === "missing" ? `${n.kind} (missing)` : n.role === "external" ? `${n.kind} (external)` : n.kind;
  return [
    kind,
    n.name,
    ...(n.detail === "" || n.role === "missing" || n.role === "external" ? [] : [n.detail]),
  ];
}

/** Which parts of a graph are drawn, in a deterministic order. */
export function drawing(graph: BundleGraph): Drawing {
  const nodes: DrawnNode[] = [];
  const byId = new Map<string, DrawnNode>();
  // A finding about a dangling reference is drawn once, beside the missing object.
  const besideMissing = new Set(
    graph.nodes.filter((n) => n.role === "missing").flatMap((n) => n.findings.map((f) => f.message)),
  );
  for (const node of graph.nodes) {
    const errors = node.findings.filter(
      (f) => f.severity === "error" && (node.role === "missing" || !besideMissing.has(f.message)),
    );
    if (HIDDEN_KINDS.has(node.kind) && node.role !== "missing" && errors.length === 0) continue;
    const drawn: DrawnNode = {
      node,
      key: `n${nodes.length}`,
      lines: linesOf(node),
      // Two objects' findings about one missing object read the same once the referrer's name is cut: once.
      notes: [...new Set(errors.map((f) => noteOf(f.message, f.code)))],
    };
    nodes.push(drawn);
    byId.set(node.id, drawn);
  }
  const edges: DrawnEdge[] = [];
  for (const edge of graph.edges) {
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    if (from === undefined || to === undefined) continue;
    const text = edge.label === "" ? edge.relation : `${edge.relation} ${edge.label}`;
    edges.push({ edge, from, to, text, traffic: TRAFFIC.has(edge.relation) });
  }
  const groupOf = (n: DrawnNode) =>
    n.node.role === "object" || n.node.role === "workload" ? n.node.component : OUTSIDE;
  const components: string[] = [];
  for (const n of nodes) if (!components.includes(groupOf(n))) components.push(groupOf(n));
  const groups = components.map((component, i) => ({
    key: `g${i}`,
    component,
    nodes: nodes.filter((n) => groupOf(n) === component),
  }));
  return { groups, nodes, edges };
}
