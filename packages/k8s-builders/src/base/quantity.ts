/**
 * Kubernetes quantities (`512Mi`, `1Gi`, `250m`, `1e3`), parsed so that `requests ≤ limits` can be checked.
 * Grammar from k8s.io/apimachinery resource.Quantity: a signed decimal number and an optional suffix
 * (binary Ki…Ei, decimal n u m k M G T P E, or a decimal exponent).
 */

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};
export const QUANTITY: RegExp =
  /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** The value of a quantity in base units (bytes, cores), or undefined when the text is not a quantity. */
export function parseQuantity(text: string): number | undefined {
  const m = QUANTITY.exec(text);
  if (m === null) return undefined;
  const num = Number(m[1]);
  const suffix = m[2] ?? "";
  const factor =
    BINARY[suffix] ?? DECIMAL[suffix] ?? (/^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : undefined);
  if (factor === undefined || !Number.isFinite(num)) return undefined;
  return num * factor;
}

/** Same as {@link parseQuantity} for a number or string. */
export function quantityValue(q: string | number): number | undefined {
  return typeof q === "number" ? q : parseQuantity(q);
}

/**
 * Whether a byte quantity (memory, ephemeral storage, a claim's storage) is a whole number of bytes: the API
 * server warns "fractional byte value … is invalid, must be an integer" otherwise (`100m`, `0.5`, `0.1Ki`).
 * Checked in thousandths, as the server does (MilliValue), to the precision of a double.
 */
export function wholeBytes(q: string | number): boolean {
  const v = quantityValue(q);
  if (v === undefined || !Number.isFinite(v)) return true;
  return Math.abs(v - Math.round(v)) < 1e-6 * Math.max(1, Math.abs(v)) || Math.abs(v) >= 2 ** 53;
}
