/** The shape of an entry of the finding-code tables (codes.ts, codes-risks.ts). */

/** How bad a finding is: an `error` breaks the apply or the running system, a `warning` is a risk. */
export type FindingSeverity = "error" | "warning";

/** What the documentation says about one finding code. */
export interface FindingCodeInfo {
  /** Every finding of this code has this severity. */
  readonly severity: FindingSeverity;
  /** One line: what the check found. */
  readonly description: string;
  /** One line: what usually fixes it. */
  readonly hint: string;
}
