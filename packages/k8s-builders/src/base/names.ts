/**
 * Names derived from another name (`<name>-config`, `<name>-dashboard-<uid>`): every object name here is at most
 * 63 characters (it is also the `app.kubernetes.io/name` label), so a derived name that would be longer is
 * shortened the way Kubernetes' controllers shorten generated names: the base is cut and a hash of the whole
 * name keeps it unique. Names that fit are left exactly as they are.
 */

/** The longest object name: it is also the `app.kubernetes.io/name` label value. */
export const MAX_NAME = 63;

/** FNV-1a (32 bits) of a string, as 8 hex digits: stable across runs and platforms, no crypto needed. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/**
 * `${base}${suffix}` when it fits in 63 characters; otherwise the base cut short, `-`, 8 hex digits of a hash of
 * the full name, then the suffix. The suffix must leave room for at least one character of the base.
 *
 * @example derivedName("grafana", "-datasources") // "grafana-datasources"
 */
export function derivedName(base: string, suffix: string): string {
  const full = `${base}${suffix}`;
  if (full.length <= MAX_NAME) return full;
  const room = MAX_NAME - suffix.length - 9;
  const head = base.slice(0, Math.max(1, room)).replace(/[-.]+$/, "");
  return `${head === "" ? "x" : head}-${fnv1a(full)}${suffix}`;
}
