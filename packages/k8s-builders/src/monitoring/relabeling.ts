/** Relabeling rules of ServiceMonitor endpoints: Prometheus's `relabel_config`, in the Operator's spelling. */
import * as z from "zod/mini";
import { inputText } from "../base/errors.ts";
import { objectSchema, option } from "../base/options.ts";
import type { RuleIssue } from "../base/validate.ts";
import { relabelRegexProblem } from "./relabel-regex.ts";

const RELABEL = "https://prometheus.io/docs/prometheus/latest/configuration/configuration/#relabel_config";

/** Relabeling actions, in the lowercase spelling Prometheus itself uses. */
export type RelabelAction =
  | "replace"
  | "keep"
  | "drop"
  | "hashmod"
  | "labelmap"
  | "labeldrop"
  | "labelkeep"
  | "lowercase"
  | "uppercase"
  | "keepequal"
  | "dropequal";

/** A relabeling rule as the Operator's CRD spells it (camelCase). */
export interface ServiceMonitorRelabeling {
  sourceLabels?: string[];
  targetLabel?: string;
  regex?: string;
  replacement?: string;
  action?: RelabelAction;
}

const PROM_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const promLabelName = () =>
  z.string().check(
    z.regex(PROM_LABEL_NAME, {
      error: (i) =>
        `"${inputText(i.input)}" is not a Prometheus label name (letters, digits and '_', e.g. "pod")`,
    }),
  );

export const relabelingSchema = objectSchema(() => ({
  /** Labels whose values (joined by `;`) are matched against `regex`. @default unset (none) */
  sourceLabels: option(
    z.array(promLabelName()).check(z.minLength(1, { error: "expected at least one label" })),
    {
      description: "Labels whose values (joined by `;`) are matched against `regex`.",
      unset: "none",
      k8s: RELABEL,
    },
  ),
  /** Label written by `replace`, `hashmod`, `lowercase` and `uppercase`. @default unset (none) */
  targetLabel: option(promLabelName(), {
    description: "Label written by `replace`, `hashmod`, `lowercase` and `uppercase`.",
    unset: "none",
    k8s: RELABEL,
  }),
  /**
   * RE2 regular expression (Go's syntax, as Prometheus compiles it), anchored at both ends by Prometheus:
   * `foo` matches the value `foo` only. Lookaheads and backreferences are refused; `(?i)` and `(?P<x>…)` are
   * fine.
   * @default unset (Prometheus: "(.*)")
   */
  regex: option(
    z.string().check(
      z.refine((s) => relabelRegexProblem(s) === undefined, {
        error: (i) => relabelRegexProblem(inputText(i.input)) ?? "not an RE2 regular expression",
      }),
    ),
    {
      description:
        "RE2 regular expression (Go's syntax, as Prometheus compiles it), anchored at both ends by Prometheus: `foo` matches the value `foo` only. Lookaheads and backreferences are refused; `(?i)` and `(?P<x>…)` are fine.",
      unset: 'Prometheus: "(.*)"',
      k8s: RELABEL,
    },
  ),
  /** Value written by `replace` (`$1` is the first group). @default unset (Prometheus: "$1") */
  replacement: option(z.string(), {
    description: "Value written by `replace` (`$1` is the first group).",
    unset: 'Prometheus: "$1"',
    k8s: RELABEL,
  }),
  /** What the rule does with the matched labels or targets. @default unset (Prometheus: "replace") */
  action: option(
    z.enum([
      "replace",
      "keep",
      "drop",
      "hashmod",
      "labelmap",
      "labeldrop",
      "labelkeep",
      "lowercase",
      "uppercase",
      "keepequal",
      "dropequal",
    ]),
    {
      description: "What the rule does with the matched labels or targets.",
      unset: 'Prometheus: "replace"',
      k8s: RELABEL,
    },
  ),
}));

/** The schema of a relabeling rule of a ServiceMonitor endpoint (built on first use). */
export const RelabelingSchema = z.lazy(relabelingSchema);

/** A relabeling rule of a ServiceMonitor endpoint. */
export type RelabelingOptions = z.input<typeof RelabelingSchema>;
export type ParsedRelabeling = z.output<typeof RelabelingSchema>;

const NEEDS_TARGET = new Set(["replace", "hashmod", "lowercase", "uppercase"]);
const NEEDS_SOURCE = new Set(["keep", "drop", "hashmod", "lowercase", "uppercase", "keepequal", "dropequal"]);

export function relabelingRules(r: ParsedRelabeling, at: readonly PropertyKey[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const action = r.action ?? "replace"; // unset: Prometheus replaces
  if (NEEDS_TARGET.has(action) && r.targetLabel === undefined) {
    issues.push({
      path: [...at, "targetLabel"],
      code: "required",
      message: `action "${action}" needs a targetLabel`,
    });
  }
  if (NEEDS_SOURCE.has(action) && r.sourceLabels === undefined) {
    issues.push({
      path: [...at, "sourceLabels"],
      code: "required",
      message: `action "${action}" needs sourceLabels`,
    });
  }
  return issues;
}

export function buildRelabeling(r: ParsedRelabeling): ServiceMonitorRelabeling {
  return {
    ...(r.sourceLabels === undefined ? {} : { sourceLabels: [...r.sourceLabels] }),
    ...(r.targetLabel === undefined ? {} : { targetLabel: r.targetLabel }),
    ...(r.regex === undefined ? {} : { regex: r.regex }),
    ...(r.replacement === undefined ? {} : { replacement: r.replacement }),
    ...(r.action === undefined ? {} : { action: r.action }),
  };
}
