/**
 * Placeholders: the visible stand-ins (`<db-password>`, `CHANGE_ME`) that Secret templates, Kustomize literals
 * and bundle checks use instead of real secret values. Kind-free, so every layer may use it.
 */

const PLACEHOLDER =
  /^(<[^<>\n]{1,200}>|\$\{[A-Za-z_][A-Za-z0-9_]*\}|(CHANGE_?ME|REPLACE_?ME|PLACEHOLDER)([-_:.A-Za-z0-9]*)?)$/;

/** True when a value is an obvious placeholder: `<…>`, `${VAR}`, `CHANGE_ME…`, `REPLACE_ME…`, `PLACEHOLDER…`. */
export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value);
}
