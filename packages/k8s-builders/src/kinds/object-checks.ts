/**
 * The checks of a built or patched object of any kind: its structure against the Kubernetes type (unknown fields,
 * types, required fields), the format of every field the library knows (names, labels, images, ports,
 * quantities…), its name, and, from the table of kinds, the rules of its pod template and of its selector. A kind's
 * own rules (a Deployment's rollout, a StatefulSet's claims) come from its builder's file.
 */
import type * as z from "zod/mini";
import { rootTypeOf } from "../base/k8s-fields.ts";
import { kindFacts } from "../base/kinds.ts";
import { labelSelectorIssues, metaFieldChecks, selectorMatches } from "../base/meta-checks.ts";
import { isObj, type Json, obj } from "../base/object.ts";
import { once } from "../base/options.ts";
import { applyPatch } from "../base/patch.ts";
import { dnsSubdomain } from "../base/primitives.ts";
import { type FieldChecks, structureIssues } from "../base/structure.ts";
import { type RuleIssue, valueIssues } from "../base/validate.ts";
import { podFieldChecks } from "../pod/pod-field-checks.ts";
import { podSpecIssues } from "../pod/pod-object-rules.ts";

/** What a kind's builder adds to the generic checks of its objects. */
export interface KindChecks {
  /** The grammar of the kind's names, as its builder takes them. @default a DNS subdomain (the API's rule) */
  readonly name?: z.ZodMiniType;
  /** Format checks of the kind's own fields, by `<type>.<field>`. */
  readonly fields?: FieldChecks;
  /** Rules across the kind's fields. */
  readonly rules?: (o: Json) => RuleIssue[];
  /** Names a container may mount besides the pod's volumes (a StatefulSet's claim templates). */
  readonly mountable?: (o: Json) => readonly string[];
  /**
   * Rules of what a patch writes, beyond those of the patched object: `before` is the object patched, `after`
   * the result (a Secret's values the patch wrote must be placeholders; those it kept are the builder's business).
   */
  readonly patchRules?: (before: Json, after: Json) => RuleIssue[];
}

const genericFields = once((): FieldChecks => ({ ...metaFieldChecks(), ...podFieldChecks() }));

/** Every problem of an object, at its path in the object. */
export function objectIssues(o: Json, kind: KindChecks = {}): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const root = rootTypeOf(o.apiVersion, o.kind);
  const facts = typeof o.kind === "string" ? kindFacts(o.kind) : undefined;
  if (root !== undefined) {
    issues.push(
      ...structureIssues(
        o,
        root,
        kind.fields === undefined ? genericFields() : { ...genericFields(), ...kind.fields },
      ),
    );
  } else if (!isObj(o.metadata)) {
    issues.push({
      path: ["metadata"],
      code: "required",
      message: "required: an object has metadata with a name",
    });
  } else {
    // A kind the field map does not have (a custom resource, a ServiceMonitor): its metadata are every object's.
    issues.push(...structureIssues(o.metadata, "meta/v1.ObjectMeta", metaFieldChecks(), ["metadata"]));
  }
  const meta = obj(o.metadata);
  if (meta.name === undefined) {
    issues.push({
      path: ["metadata", "name"],
      code: "required",
      message: "required: every object has a name",
    });
  } else {
    issues.push(...valueIssues(kind.name ?? dnsSubdomain, meta.name, ["metadata", "name"]));
  }
  if (facts?.scope === "cluster" && meta.namespace !== undefined) {
    issues.push({
      path: ["metadata", "namespace"],
      code: "conflicting_options",
      message: `a ${String(o.kind)} is cluster-scoped: it has no namespace`,
    });
  }
  if (facts?.podTemplate !== undefined && facts.podTemplate.length > 0) {
    const at = facts.podTemplate;
    let template: unknown = o;
    for (const seg of at) template = obj(template)[seg];
    if (!isObj(template)) {
      issues.push({
        path: at,
        code: "required",
        message: `required: a ${String(o.kind)} has a pod template`,
      });
    }
    const t = obj(template);
    if (isObj(t.spec)) issues.push(...podSpecIssues(t.spec, [...at, "spec"], kind.mountable?.(o) ?? []));
    else if (isObj(template)) {
      issues.push({
        path: [...at, "spec"],
        code: "required",
        message: `required: a ${String(o.kind)}'s pod template has a spec with its containers`,
      });
    }
    if (facts.selector === "required") issues.push(...selectorIssues(o, at, t));
  }
  if (kind.rules !== undefined) issues.push(...kind.rules(o));
  return issues;
}

/**
 * The selector of an apps/v1 workload: not empty, valid, and selecting its own pod template
 * (`ValidatePodTemplateSpecForReplicaSet`); the pods always restart (`restartPolicy: Always`) and have no deadline.
 */
function selectorIssues(o: Json, at: readonly string[], template: Json): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const spec = obj(o.spec);
  const selector = spec.selector;
  if (!isObj(selector) && isObj(o.spec)) {
    issues.push({
      path: ["spec", "selector"],
      code: "required",
      message: "required: the workload selects its pods",
    });
  }
  if (isObj(selector)) {
    const empty =
      Object.keys(obj(selector.matchLabels)).length === 0 &&
      (!Array.isArray(selector.matchExpressions) || selector.matchExpressions.length === 0);
    if (empty) {
      issues.push({
        path: ["spec", "selector"],
        code: "too_small",
        message: "an empty selector would select every pod",
      });
    }
    issues.push(...labelSelectorIssues(selector, ["spec", "selector"]));
    if (!empty && !selectorMatches(selector, obj(obj(template.metadata).labels))) {
      issues.push({
        path: [...at, "metadata", "labels"],
        code: "selector_mismatch",
        message: "the selector does not select the pod template's labels: the workload would own no pod",
      });
    }
  }
  const podSpec = obj(template.spec);
  if (podSpec.restartPolicy !== undefined && podSpec.restartPolicy !== "Always") {
    issues.push({
      path: [...at, "spec", "restartPolicy"],
      code: "invalid_value",
      message: `a ${String(o.kind)}'s pods always restart: restartPolicy can only be Always`,
    });
  }
  if (podSpec.activeDeadlineSeconds !== undefined) {
    issues.push({
      path: [...at, "spec", "activeDeadlineSeconds"],
      code: "invalid_value",
      message: `a ${String(o.kind)}'s pods run until replaced: activeDeadlineSeconds is not allowed`,
    });
  }
  return issues;
}

/**
 * A built object with its `patch` option applied: unchanged without a patch; else merged and checked with the
 * kind's checks, every problem reported under `patch`.
 */
export function patched<T extends object>(builder: string, built: T, patch: unknown, kind: KindChecks): T {
  if (patch === undefined) return built;
  return applyPatch(builder, built, patch, ["patch"], (o) => patchedIssues(built as Json, o, kind));
}

/** Every problem of a patched object: those of the object, and of what the patch wrote (`patchRules`). */
export function patchedIssues(before: Json, after: Json, kind: KindChecks): RuleIssue[] {
  return [...objectIssues(after, kind), ...(kind.patchRules?.(before, after) ?? [])];
}
