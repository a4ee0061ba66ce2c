/**
 * `kustomization(options)`: a Kustomize `Kustomization` (kustomize.config.k8s.io/v1beta1), typed here because
 * Kustomize publishes no TypeScript types. Only the fields a generated tree needs: resources, namespace, labels,
 * images and the ConfigMap/Secret generators.
 *
 * Labels are written as `labels` entries with `includeSelectors: false`, never as `commonLabels`: commonLabels
 * also rewrites `spec.selector` of Deployments and StatefulSets, which are immutable, so adding a label later
 * makes `kubectl apply` fail on every workload (kubernetes-sigs/kustomize#1009).
 */
import type * as z from "zod/mini";
import { isPlaceholder } from "../base/placeholder.ts";
import type { RuleIssue } from "../base/validate.ts";
import { parseOptions } from "../base/validate.ts";
import {
  fileSourceKey,
  type KustomizationOptions,
  KustomizationOptionsSchema,
  type secretGeneratorSchema,
} from "./kustomization-schema.ts";

export { type KustomizationOptions, KustomizationOptionsSchema } from "./kustomization-schema.ts";

/** Generator options of a {@link KustomizeGenerator}. */
export interface KustomizeGeneratorOptions {
  disableNameSuffixHash?: boolean;
  immutable?: boolean;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** A `configMapGenerator` or `secretGenerator` entry as written. */
export interface KustomizeGenerator {
  name: string;
  namespace?: string;
  behavior?: "create" | "replace" | "merge";
  type?: string;
  literals?: string[];
  files?: string[];
  envs?: string[];
  options?: KustomizeGeneratorOptions;
}

/** A `labels` entry as written. */
export interface KustomizeLabels {
  pairs: Record<string, string>;
  includeSelectors: boolean;
  includeTemplates?: boolean;
}

/** An `images` entry as written. */
export interface KustomizeImage {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

/** A Kustomization file (`kustomization.yml`), kustomize.config.k8s.io/v1beta1. */
export interface Kustomization {
  apiVersion: "kustomize.config.k8s.io/v1beta1";
  kind: "Kustomization";
  namespace?: string;
  labels?: KustomizeLabels[];
  resources?: string[];
  configMapGenerator?: KustomizeGenerator[];
  secretGenerator?: KustomizeGenerator[];
  images?: KustomizeImage[];
}

type Parsed = z.output<typeof KustomizationOptionsSchema>;
/** A parsed generator entry; only a Secret's has `allowRealValues`. */
type ParsedGenerator = Omit<z.output<ReturnType<typeof secretGeneratorSchema>>, "allowRealValues"> & {
  allowRealValues?: boolean;
};

function duplicates<T>(items: readonly T[], keyOf: (item: T) => string): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  items.forEach((item, i) => {
    const k = keyOf(item);
    if (seen.has(k)) out.push(i);
    seen.add(k);
  });
  return out;
}

function generatorRules(field: "configMapGenerator" | "secretGenerator", gens: readonly ParsedGenerator[]) {
  const issues: RuleIssue[] = [];
  for (const i of duplicates(gens, (g) => `${g.namespace ?? ""}/${g.name}`)) {
    issues.push({
      path: [field, i, "name"],
      code: "duplicate",
      message: `${field} "${gens[i]?.name}" is listed twice`,
    });
  }
  gens.forEach((g, i) => {
    const keys = new Set<string>();
    const sources: [string, number, string][] = [
      ...(g.literals ?? []).map((l, j): [string, number, string] => [
        "literals",
        j,
        l.slice(0, l.indexOf("=")),
      ]),
      ...(g.files ?? []).map((f, j): [string, number, string] => ["files", j, fileSourceKey(f)]),
    ];
    for (const [list, j, key] of sources) {
      if (keys.has(key)) {
        issues.push({
          path: [field, i, list, j],
          code: "duplicate",
          message: `key "${key}" is given twice in ${field} "${g.name}"`,
        });
      }
      keys.add(key);
    }
    if (g.literals === undefined && g.files === undefined && g.envs === undefined && g.behavior !== "merge") {
      issues.push({
        path: [field, i],
        code: "required",
        message: `${field} "${g.name}" has no literals, files or envs`,
      });
    }
    if (field === "secretGenerator" && g.allowRealValues !== true) {
      (g.literals ?? []).forEach((l, j) => {
        const key = l.slice(0, l.indexOf("="));
        if (!isPlaceholder(l.slice(l.indexOf("=") + 1))) {
          issues.push({
            path: [field, i, "literals", j],
            code: "real_secret_value",
            message: `the value of "${key}" is not a placeholder: kustomization.yml is committed, so put real values in an envs file kept out of git (or set allowRealValues)`,
          });
        }
      });
    }
  });
  return issues;
}

function rules(p: Parsed): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const resources = p.resources ?? [];
  for (const i of duplicates(resources, (r) => r)) {
    issues.push({ path: ["resources", i], code: "duplicate", message: `"${resources[i]}" is listed twice` });
  }
  const images = p.images ?? [];
  for (const i of duplicates(images, (img) => img.name)) {
    issues.push({
      path: ["images", i, "name"],
      code: "duplicate",
      message: `image "${images[i]?.name}" has two overrides`,
    });
  }
  images.forEach((img, i) => {
    if (img.newName === undefined && img.newTag === undefined && img.digest === undefined) {
      issues.push({
        path: ["images", i],
        code: "required",
        message: `image "${img.name}" changes nothing: give newName, newTag or digest`,
      });
    }
  });
  const seenLabels = new Set<string>();
  (p.labels ?? []).forEach((entry, i) => {
    const keys = Object.keys(entry.pairs);
    if (keys.length === 0) {
      issues.push({
        path: ["labels", i, "pairs"],
        code: "too_small",
        message: "expected at least one label",
      });
    }
    for (const key of keys) {
      if (seenLabels.has(key)) {
        issues.push({
          path: ["labels", i, "pairs", key],
          code: "duplicate",
          message: `label "${key}" is set by two entries`,
        });
      }
      seenLabels.add(key);
    }
  });
  issues.push(...generatorRules("configMapGenerator", p.configMapGenerator ?? []));
  issues.push(...generatorRules("secretGenerator", p.secretGenerator ?? []));
  return issues;
}

function generator(g: ParsedGenerator): KustomizeGenerator {
  const out: KustomizeGenerator = { name: g.name };
  if (g.namespace !== undefined) out.namespace = g.namespace;
  if (g.behavior !== undefined) out.behavior = g.behavior;
  if (g.type !== undefined) out.type = g.type;
  if (g.literals !== undefined) out.literals = [...g.literals];
  if (g.files !== undefined) out.files = [...g.files];
  if (g.envs !== undefined) out.envs = [...g.envs];
  if (g.options !== undefined) {
    const o: KustomizeGeneratorOptions = {};
    if (g.options.disableNameSuffixHash !== undefined)
      o.disableNameSuffixHash = g.options.disableNameSuffixHash;
    if (g.options.immutable !== undefined) o.immutable = g.options.immutable;
    if (g.options.labels !== undefined) o.labels = { ...g.options.labels };
    if (g.options.annotations !== undefined) o.annotations = { ...g.options.annotations };
    out.options = o;
  }
  return out;
}

/**
 * Builds a Kustomization. Labels become `labels` entries with `includeSelectors: false` written out (never
 * `commonLabels`, which rewrites immutable selectors); paths must be relative, without `..`, and listed once.
 *
 * @example
 * kustomization({
 *   resources: ["namespace.yml", "api/deployment.yml"],
 *   labels: [{ pairs: { team: "voice" } }],
 *   images: [{ name: "ghcr.io/acme/api", newTag: "1.4.3" }],
 * });
 */
export function kustomization(options: KustomizationOptions): Kustomization {
  const o = parseOptions("kustomization", KustomizationOptionsSchema, options, rules);
  const out: Kustomization = { apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization" };
  if (o.namespace !== undefined) out.namespace = o.namespace;
  if (o.labels !== undefined) {
    out.labels = o.labels.map((l) => ({
      pairs: { ...l.pairs },
      includeSelectors: l.includeSelectors,
      ...(l.includeTemplates === undefined ? {} : { includeTemplates: l.includeTemplates }),
    }));
  }
  if (o.resources !== undefined) out.resources = [...o.resources];
  if (o.configMapGenerator !== undefined) out.configMapGenerator = o.configMapGenerator.map(generator);
  if (o.secretGenerator !== undefined) out.secretGenerator = o.secretGenerator.map(generator);
  if (o.images !== undefined) {
    out.images = o.images.map((img) => ({
      name: img.name,
      ...(img.newName === undefined ? {} : { newName: img.newName }),
      ...(img.newTag === undefined ? {} : { newTag: img.newTag }),
      ...(img.digest === undefined ? {} : { digest: img.digest }),
    }));
  }
  return out;
}
