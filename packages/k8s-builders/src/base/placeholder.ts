/**
 * Placeholders: the visible stand-ins (`<db-password>`, `CHANGE_ME`) that Secret templates, Kustomize literals
 * and bundle checks use instead of real secret values. Kind-free, so every layer may use it.
 *
 * A placeholder is a placeholder, not a prefix on a real value: the grammar is fixed and bounded (short words
 * only, so no token, key or base64 blob fits), and the secret scan runs on it too (an AWS key id is one short
 * word: `<AKIA…>` is refused by the scan, not the grammar).
 */
import { findSecrets } from "./secret-scan.ts";

/**
 * A word of a placeholder: letters and digits, at most 16 and not random-looking (no word with letters and three
 * or more digits; a number such as a port is fine), so no token or key id fits; what still fits is scanned.
 */
const WORD =
  "(?!(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]*?[0-9][A-Za-z0-9]*?[0-9][A-Za-z0-9]*?[0-9])[A-Za-z0-9]{1,16}(?![A-Za-z0-9])";
const PLACEHOLDER_GRAMMAR = new RegExp(
  [
    // <db-password>, <db password>, <grafana.admin.password>: words joined by ' ', '-', '_', '.'
    `<${WORD}(?:[ _.-]${WORD}){0,7}>`,
    // ${DB_PASSWORD}: an environment reference filled in by a tool
    "\\$\\{[A-Za-z_][A-Za-z0-9_]{0,63}\\}",
    // CHANGE_ME, REPLACE_ME, PLACEHOLDER, optionally with a few words after a separator: CHANGE_ME_db-password
    `(?:CHANGE_?ME|REPLACE_?ME|PLACEHOLDER)(?:[-_:.]${WORD}){0,4}`,
  ]
    .map((alt) => `(?:${alt})`)
    .join("|")
    .replace(/^/, "^(?:")
    .concat(")$"),
);

/** Whether a value has the form of a placeholder (the grammar alone, without the secret scan). */
export function hasPlaceholderForm(value: string): boolean {
  return value.length <= 200 && PLACEHOLDER_GRAMMAR.test(value);
}

/**
 * True when a value is an obvious placeholder and nothing else: `<words>` (`<db-password>`), `${VAR}`,
 * `CHANGE_ME`, `REPLACE_ME` or `PLACEHOLDER` with at most four short words after a separator — and no secret
 * format matches inside it (so `<AKIA…>` is not a placeholder).
 */
export function isPlaceholder(value: string): boolean {
  return hasPlaceholderForm(value) && findSecrets(value, { isPlaceholder: hasPlaceholderForm }).length === 0;
}
