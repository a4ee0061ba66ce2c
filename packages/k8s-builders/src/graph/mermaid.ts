/** `toMermaid(graph)`: a bundle graph as a Mermaid flowchart (GitHub renders it in Markdown). */
import type { BundleGraph } from "./bundle-graph-model.ts";
import { type DrawnNode, drawing, printable } from "./draw.ts";

/**
 * What Mermaid would read as syntax in a quoted label, as its entity codes: `#` (entity codes), `"` (the end of
 * the label), `%` (`%%` comments and `%%{…}%%` directives, which Mermaid strips from anywhere in the text), `&`
 * (HTML entities), `<` `>` (markup), a backslash (`\n` is a line break) and `:` (Mermaid cuts the last
 * character of a line holding `style…:…#…;` or `classDef…:…#…;`).
 */
const ENTITIES: Readonly<Record<string, string>> = {
  "#": "#35;",
  '"': "#quot;",
  "%": "#37;",
  "&": "#38;",
  ":": "#58;",
  "<": "#lt;",
  ">": "#gt;",
  "\\": "#92;",
};

/** Text inside a quoted Mermaid label, lines joined with `<br/>`: see {@link ENTITIES} and `printable`. */
function text(lines: readonly string[]): string {
  return lines.map((l) => printable(l).replace(/[#"%&:<>\\]/g, (c) => ENTITIES[c] ?? c)).join("<br/>");
}

function shape(n: DrawnNode): string {
  const label = `"${text([...n.lines, ...n.notes])}"`;
  if (n.node.role === "workload") return `${n.key}(${label})`;
  if (n.node.role === "missing" || n.node.role === "external") return `${n.key}{{${label}}}`;
  return `${n.key}[${label}]`;
}

const STYLES = [
  "classDef workload fill:#dbeafe,stroke:#1d4ed8,stroke-width:2px,color:#0f172a",
  "classDef object fill:#f8fafc,stroke:#64748b,color:#0f172a",
  "classDef external fill:#f1f5f9,stroke:#64748b,stroke-dasharray:4 3,color:#334155",
  "classDef missing fill:#fee2e2,stroke:#dc2626,stroke-width:2px,color:#7f1d1d",
  "classDef failing fill:#fff7ed,stroke:#dc2626,stroke-width:2px,color:#7f1d1d",
];

/**
 * A bundle graph as a Mermaid flowchart, left to right: the objects grouped by component
 * (`app.kubernetes.io/component`), workloads as rounded boxes, traffic (routes, Service selection, allowed
 * network flows) as solid labelled edges, references (env, volumes, ServiceAccount, scaling) as dashed ones, and
 * dangling references in red with the `validateBundle` finding. Deterministic: the same graph gives the same text.
 *
 * Mermaid with its default configuration, GitHub's renderer among them, refuses a diagram of more than 500
 * edges and draws an error instead of one over 50,000 characters (`MERMAID_LIMITS`; a namespace of 25
 * workloads that a NetworkPolicy lets talk to each other is already 625 edges). `mermaidLimitsExceeded`
 * tells; beyond them, draw the bundle with `toSvg` (no such limit), or call
 * `mermaid.initialize({ maxEdges, maxTextSize })` in a renderer you control: a diagram cannot raise them itself.
 *
 * @example
 * writeFileSync("bundle.mmd", toMermaid(bundleGraph(objects)));
 */
export function toMermaid(graph: BundleGraph): string {
  const d = drawing(graph);
  const out = ["flowchart LR"];
  for (const g of d.groups) {
    const indent = g.component === "" ? "  " : "    ";
    if (g.component !== "") out.push(`  subgraph ${g.key}["${text([g.component])}"]`);
    for (const n of g.nodes) out.push(`${indent}${shape(n)}`);
    if (g.component !== "") out.push("  end");
  }
  d.edges.forEach((e) => {
    const arrow = e.traffic ? "-->" : "-.->"; // mermaid-limits.ts counts these lines: keep them one per edge
    out.push(`  ${e.from.key} ${arrow}|"${text([e.text])}"| ${e.to.key}`);
  });
  out.push(...STYLES.map((s) => `  ${s}`));
  const classes: Record<string, string[]> = {
    workload: [],
    object: [],
    external: [],
    missing: [],
    failing: [],
  };
  for (const n of d.nodes) {
    const role = n.node.role === "peer" ? "external" : n.node.role;
    const cls = n.notes.length > 0 && role !== "missing" ? "failing" : role;
    classes[cls]?.push(n.key);
  }
  for (const [cls, keys] of Object.entries(classes))
    if (keys.length > 0) out.push(`  class ${keys.join(",")} ${cls}`);
  const dangling = d.edges.flatMap((e, i) => (e.edge.dangling ? [i] : []));
  if (dangling.length > 0)
    out.push(`  linkStyle ${dangling.join(",")} stroke:#dc2626,stroke-width:2px,color:#dc2626`);
  return `${out.join("\n")}\n`;
}
