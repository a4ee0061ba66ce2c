/** PersistentVolumeClaim (v1): storage that outlives the pods that mount it. */
import type { PersistentVolumeClaim } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { inputText } from "../base/errors.ts";
import type { IssueParams } from "../base/issue-codes.ts";
import { metaShape, objectMeta } from "../base/labels.ts";
import type { Built } from "../base/manifest.ts";
import { k8sApi, lazyObject, once, option, required } from "../base/options.ts";
import { patchShape } from "../base/patch.ts";
import { dnsSubdomain, quantity } from "../base/primitives.ts";
import { parseQuantity, wholeBytes } from "../base/quantity.ts";
import type { FieldChecks } from "../base/structure.ts";
import { parseOptions, type RuleIssue, valueIssues } from "../base/validate.ts";
import { type KindChecks, patched } from "./object-checks.ts";

const CLAIM = k8sApi("config-and-storage-resources/persistent-volume-claim-v1", "PersistentVolumeClaimSpec");

/** Access modes of a volume: at least one, and `ReadWriteOncePod` only on its own. */
export const accessModesSchema = once(() =>
  z.array(z.enum(["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"])).check(
    z.minLength(1, { error: "expected at least one access mode" }),
    z.refine((m) => !m.includes("ReadWriteOncePod") || m.length === 1, {
      error: "ReadWriteOncePod cannot be combined with another access mode",
    }),
  ),
);

/** A storage size: a quantity above zero. */
export const storageSizeSchema = once(() =>
  z.union([
    z.string().check(
      z.refine((s) => (parseQuantity(s) ?? 0) > 0, {
        error: (i) => `"${inputText(i.input)}" is not a storage size above zero (e.g. 10Gi)`,
        params: { code: "invalid_format" } satisfies IssueParams,
      }),
      z.refine(wholeBytes, {
        error: (i) =>
          `"${inputText(i.input)}" is not a whole number of bytes (e.g. 10Gi; 100m is a tenth of a byte)`,
        params: { code: "invalid_format" } satisfies IssueParams,
      }),
    ),
    z
      .number()
      .check(
        z.gt(0, { error: "expected a storage size above zero" }),
        z.refine(wholeBytes, { error: "expected a whole number of bytes" }),
      ),
  ]),
);

/** The fields of a claim, shared with a StatefulSet's `volumeClaimTemplates`. */
export function claimShape() {
  return {
    /** Storage class. @default unset (the cluster's default class) */
    storageClassName: option(dnsSubdomain, {
      description: "Storage class.",
      unset: "the cluster's default class",
      k8s: CLAIM,
    }),
    /** How the volume can be mounted: `ReadWriteOnce` by one node at a time. @default ["ReadWriteOnce"] */
    accessModes: option(accessModesSchema(), {
      description: "How the volume can be mounted: `ReadWriteOnce` by one node at a time.",
      default: ["ReadWriteOnce"],
      k8s: CLAIM,
    }),
  };
}

/** Format checks of a claim's fields (a claim's, or a StatefulSet claim template's), built on first use. */
export const claimFieldChecks: () => FieldChecks = once(() => ({
  "core/v1.VolumeResourceRequirements.requests": z.record(z.string(), quantity),
  "core/v1.VolumeResourceRequirements.limits": z.record(z.string(), quantity),
  "core/v1.PersistentVolumeClaimSpec.accessModes": z.lazy(accessModesSchema),
  "core/v1.PersistentVolumeClaimSpec.storageClassName": dnsSubdomain,
}));

/**
 * A claim has an access mode and asks for storage above zero (`ValidatePersistentVolumeClaimSpec`); `at` is where
 * its spec is.
 */
export function claimSpecIssues(spec: unknown, at: readonly PropertyKey[]): RuleIssue[] {
  const s = spec as { accessModes?: unknown; resources?: { requests?: Record<string, unknown> } } | undefined;
  if (s === undefined) return [{ path: at, code: "required", message: "required: a claim has a spec" }];
  const issues: RuleIssue[] = [];
  if (s.accessModes === undefined) {
    issues.push({
      path: [...at, "accessModes"],
      code: "required",
      message: "required: a claim has at least one access mode (e.g. ReadWriteOnce)",
    });
  }
  const path = [...at, "resources", "requests", "storage"];
  const storage = s.resources?.requests?.storage;
  if (storage === undefined) {
    issues.push({ path, code: "required", message: "required: a claim asks for storage (e.g. 10Gi)" });
  } else {
    issues.push(...valueIssues(storageSizeSchema(), storage, path));
  }
  return issues;
}

/** What the checks of a built or patched PersistentVolumeClaim add to every object's. */
export const CLAIM_CHECKS: KindChecks = {
  get fields() {
    return claimFieldChecks();
  },
  rules: (o) => claimSpecIssues(o.spec, ["spec"]),
};

/** The schema of {@link PersistentVolumeClaimOptions} (built on first use). */
export const PersistentVolumeClaimOptionsSchema = lazyObject(() => ({
  ...metaShape(),
  ...patchShape<Built<PersistentVolumeClaim, "spec">>(),
  /** Requested size, e.g. `20Gi`. */
  size: required(storageSizeSchema(), { description: "Requested size, e.g. `20Gi`.", k8s: CLAIM }),
  ...claimShape(),
}));

/** Options of {@link persistentVolumeClaim}. */
export type PersistentVolumeClaimOptions = z.input<typeof PersistentVolumeClaimOptionsSchema>;

/**
 * Builds a PersistentVolumeClaim.
 *
 * @example
 * persistentVolumeClaim({ name: "prometheus-data", namespace: "monitoring", size: "20Gi" });
 */
export function persistentVolumeClaim(
  options: PersistentVolumeClaimOptions,
): Built<PersistentVolumeClaim, "spec"> {
  const o = parseOptions("persistentVolumeClaim", PersistentVolumeClaimOptionsSchema, options);
  const built: Built<PersistentVolumeClaim, "spec"> = {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: objectMeta(o),
    spec: {
      accessModes: [...o.accessModes],
      ...(o.storageClassName === undefined ? {} : { storageClassName: o.storageClassName }),
      resources: { requests: { storage: String(o.size) } },
    },
  };
  return patched("persistentVolumeClaim", built, o.patch, CLAIM_CHECKS);
}
