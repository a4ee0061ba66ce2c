/**
 * What Mermaid's default configuration draws at most, and which of it a diagram of `toMermaid` is over. A module
 * of its own, importing nothing: the entry keeps a table's module, and this one costs only its own bytes.
 */

/**
 * What Mermaid draws with its default configuration, which GitHub's renderer uses: at most `maxEdges` edges (one
 * more and it refuses the diagram: "Edge limit exceeded") and `maxTextSize` characters of text (UTF-16 code units,
 * as `text.length` counts them; beyond, it draws "Maximum text size in diagram exceeded" instead). Both are
 * Mermaid's secure keys: a diagram cannot raise them, only `mermaid.initialize({ maxEdges, maxTextSize })` can.
 */
export const MERMAID_LIMITS: { readonly maxEdges: number; readonly maxTextSize: number } = {
  maxEdges: 500,
  maxTextSize: 50_000,
};

/** A limit of {@link MERMAID_LIMITS} that a diagram is over: its `count` is greater than the limit's `max`. */
export interface MermaidLimitExceeded {
  /** Mermaid's configuration key of the limit. */
  readonly limit: "maxEdges" | "maxTextSize";
  /** The diagram's edges, or its length in UTF-16 code units. */
  readonly count: number;
  /** The most that Mermaid's default configuration draws ({@link MERMAID_LIMITS}). */
  readonly max: number;
}

/** An edge line of `toMermaid`: labels never hold a line break, so every line is one statement. */
const EDGE_LINE = /^ {2}n\d+ -\.?->\|/gm;

/**
 * The limits of {@link MERMAID_LIMITS} that a diagram of `toMermaid` is over: empty when Mermaid's defaults
 * (GitHub's renderer) draw it. Beyond them, draw the bundle with `toSvg`, which has no such limit, or raise them
 * with `mermaid.initialize({ maxEdges, maxTextSize })` in a renderer you control.
 *
 * @example
 * const over = mermaidLimitsExceeded(toMermaid(graph)); // [{ limit: "maxEdges", count: 625, max: 500 }]
 */
export function mermaidLimitsExceeded(text: string): MermaidLimitExceeded[] {
  const sizes = [
    { limit: "maxEdges", count: text.match(EDGE_LINE)?.length ?? 0, max: MERMAID_LIMITS.maxEdges },
    { limit: "maxTextSize", count: text.length, max: MERMAID_LIMITS.maxTextSize },
  ] as const;
  return sizes.filter((s) => s.count > s.max);
}
