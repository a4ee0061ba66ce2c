/** "Did you mean …?" for misspelt flags, environments and values-file keys. */

/** Edits between two strings: insertions, deletions, substitutions and swaps of neighbours, case ignored. */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) =>
    Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        best = Math.min(best, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = best;
    }
  }
  return (d[s.length] as number[])[t.length] as number;
}

/**
 * The candidate closest to `word`, when it is close enough to be what was meant: at most one edit for short
 * words, two from five characters on, or a prefix of at least three characters (`prod` → `production`).
 *
 * @example
 * closest("valeus", ["env", "values", "out"]); // "values"
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    if (c === word) continue;
    const d = distance(word, c);
    const near =
      d <= (word.length >= 5 ? 2 : 1) || (word.length >= 3 && c.toLowerCase().startsWith(word.toLowerCase()));
    if (near && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
