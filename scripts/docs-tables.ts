/**
 * Markdown tables generated from the library's own tables, for the regions of hand-written pages that
 * scripts/gen-docs.ts fills (it imports this module; nothing here walks the source):
 * - docs/architecture.md `kinds`: the table of kinds (packages/k8s-builders/src/base/kinds.ts).
 */
import { KIND_FACTS, kindFileName } from "../packages/k8s-builders/src/base/kinds.ts";

/** A Markdown table. */
export function markdownTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${head.join(" | ")} |`,
    `| ${head.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`),
  ].join("\n");
}

const code = (s: string): string => `\`${s}\``;

/** The table of kinds, one row per kind, in document order (kinds without a rank last, by name). */
export function kindsTable(): string {
  const rows = [...KIND_FACTS].sort(
    ([ka, a], [kb, b]) =>
      (a.applyOrder ?? Number.MAX_SAFE_INTEGER) - (b.applyOrder ?? Number.MAX_SAFE_INTEGER) ||
      (ka < kb ? -1 : ka > kb ? 1 : 0),
  );
  return markdownTable(
    [
      "kind",
      "apiVersion",
      "scope",
      "order",
      "pod template",
      "replicas",
      "selector",
      "file",
      "older apiVersions",
    ],
    rows.map(([kind, f]) => [
      f.crd === undefined ? kind : `${kind} (${f.crd})`,
      code(f.apiVersion),
      f.scope,
      f.applyOrder === undefined ? "last" : String(f.applyOrder),
      f.podTemplate === undefined
        ? ""
        : code(f.podTemplate.length === 0 ? "(the object)" : f.podTemplate.join(".")),
      f.replicated === true ? "yes" : "",
      f.selector ?? "",
      code(`${kindFileName(kind)}.yml`),
      (f.history ?? [])
        .map(
          (h) =>
            `${code(h.apiVersion)} ${h.removed === undefined ? `deprecated ${h.deprecated}` : `removed ${h.removed}`}`,
        )
        .join(", "),
    ]),
  );
}
