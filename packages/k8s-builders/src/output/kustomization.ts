/**
 * `kustomization(options)`: a Kustomize `Kustomization` (kustomize.config.k8s.io/v1beta1), typed here because
 * Kustomize publishes no TypeScript types. Only the fields a generated tree needs: resources, namespace, labels,
 * images and the ConfigMap/Secret generators.
 *
 * Labels are written as `labels` entries with `includeSelectors: false`, never as `commonLabels`: commonLabels
 * also rewrites `spec.selector` of Deployments and StatefulSets, which are immutable, so adding a label later
 * makes `kubectl apply` fail on every workload (kubernetes-sigs/kustomize#1009).
 */
import * as z from "zod/mini";
import { inputText } from "../base/errors.ts";
import { isPlaceholder } from "../base/placeholder.ts";
import { annotations, dnsLabel, dnsSubdomain, labels } from "../base/primitives.ts";
import type { RuleIssue } from "../base/validate.ts";
import { parseOptions } from "../base/validate.ts";

/** Why `path` is not a safe path relative to a directory, or `undefined` when it is one. */
export function relativePathProblem(path: string): string | undefined {
  if (path === "") return "is empty";
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(path)) return "is a URL: only relative paths are accepted";
  if (path.includes("\\")) return "contains '\\': write paths with forward slashes";
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path))
    return "is absolute: give a path relative to the directory";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(path)) return "contains a control character";
  const segments = path.split("/");
  if (segments.includes("..")) return "contains '..': it must stay inside the directory";
  if (segments.includes("")) return "has an empty segment ('//' or a trailing '/')";
  if (segments.includes(".")) return "contains a '.' segment: write it without './'";
  if (segments.some((s) => Buffer.byteLength(s) > 255)) return "has a name longer than 255 bytes";
  return undefined;
}

/** A path relative to the kustomization's directory, with forward slashes and no `.`/`..` segments. */
export const relativePath: z.ZodMiniString<string> = z.string().check(
  z.refine((s) => relativePathProblem(s) === undefined, {
    error: (i) =>
      `"${inputText(i.input)}" ${relativePathProblem(inputText(i.input)) ?? "is not a relative path"}`,
    abort: true,
  }),
);

const KEY = /^[-._a-zA-Z0-9]+$/;
const IMAGE_NAME =
  /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/** An image name without tag or digest, as written in a container's `image` (e.g. `ghcr.io/acme/api`). */
const imageName = z.string().check(
  z.refine((s) => IMAGE_NAME.test(s), {
    error: (i) =>
      `"${inputText(i.input)}" is not an image name without tag or digest (e.g. "ghcr.io/acme/api")`,
    abort: true,
  }),
);

/** A literal `KEY=value` of a generator. */
const literal = z.string().check(
  z.refine((s) => KEY.test(s.slice(0, Math.max(s.indexOf("="), 0))), {
    error: (i) =>
      `"${inputText(i.input)}" is not a literal KEY=value (the key: letters, digits, '-', '_' and '.')`,
    abort: true,
  }),
);

/** A generator file: `path` or `key=path`. */
const generatorFile = z.string().check(
  z.refine((s) => fileSourceProblem(s) === undefined, {
    error: (i) =>
      `"${inputText(i.input)}" ${fileSourceProblem(inputText(i.input)) ?? "is not a file source"}`,
    abort: true,
  }),
);

function fileSourceProblem(source: string): string | undefined {
  const eq = source.indexOf("=");
  if (eq !== -1 && !KEY.test(source.slice(0, eq))) {
    return "has an invalid key before '=' (letters, digits, '-', '_' and '.')";
  }
  return relativePathProblem(eq === -1 ? source : source.slice(eq + 1));
}

/** The key a file source gives its generated object: the part before `=`, else the file's name. */
function fileSourceKey(source: string): string {
  const eq = source.indexOf("=");
  return eq === -1 ? (source.split("/").pop() ?? source) : source.slice(0, eq);
}

const generatorShape = {
  /** Name of the generated object; Kustomize appends a content hash unless `options.disableNameSuffixHash`. */
  name: dnsSubdomain,
  /** Namespace of the generated object. @default the kustomization's `namespace` */
  namespace: z.optional(dnsLabel),
  /** `create` a new object, or `replace`/`merge` one from a base. @default "create" */
  behavior: z.optional(z.enum(["create", "replace", "merge"])),
  /** Entries as `KEY=value`. @default none */
  literals: z.optional(z.array(literal)),
  /** Files whose content becomes a value: `path` (key = file name) or `key=path`, relative. @default none */
  files: z.optional(z.array(generatorFile)),
  /** `.env` files of `KEY=value` lines, relative. @default none */
  envs: z.optional(z.array(relativePath)),
  /** Generator options of this object. @default none */
  options: z.optional(
    z.strictObject({
      /**
       * Keep the name as given, without the content-hash suffix. The suffix makes pods roll when the content
       * changes, so only disable it for objects read at runtime. @default false
       */
      disableNameSuffixHash: z.optional(z.boolean()),
      /** Mark the generated object immutable. @default false */
      immutable: z.optional(z.boolean()),
      /** Labels on the generated object. @default none */
      labels: z.optional(labels),
      /** Annotations on the generated object. @default none */
      annotations: z.optional(annotations),
    }),
  ),
};

/** One `configMapGenerator` entry (passed through to Kustomize). */
export const ConfigMapGeneratorSchema = z.strictObject(generatorShape);

/** One `secretGenerator` entry (passed through to Kustomize, except `allowRealValues`). */
export const SecretGeneratorSchema = z.strictObject({
  ...generatorShape,
  /** Secret type. @default "Opaque" */
  type: z.optional(
    z.enum(["Opaque", "kubernetes.io/tls", "kubernetes.io/basic-auth", "kubernetes.io/dockerconfigjson"]),
  ),
  /**
   * Allow `literals` whose values are not placeholders (`<password>`, `CHANGE_ME`). A literal is written into
   * kustomization.yml, which is committed; real values belong in `envs` files kept out of git. Not emitted.
   * @default false
   */
  allowRealValues: z.optional(z.boolean()),
});

export const KustomizationOptionsSchema = z.strictObject({
  /**
   * Files or directories that make up the kustomization, relative to it, forward slashes, no `..`; kept in the
   * order given. @default none
   */
  resources: z.optional(z.array(relativePath)),
  /** Namespace that Kustomize sets on every namespaced object. @default unset (objects keep their own) */
  namespace: z.optional(dnsLabel),
  /**
   * Labels Kustomize adds to every object, as `labels` entries (never `commonLabels`).
   * @default none
   */
  labels: z.optional(
    z.array(
      z.strictObject({
        /** The labels to add. */
        pairs: labels,
        /**
         * Also add them to selectors. Selectors are immutable: adding a label there later breaks `kubectl apply`
         * on every existing workload, hence off unless asked for. @default false
         */
        includeSelectors: z.optional(z.boolean()),
        /** Also add them to pod templates (rolls the pods). @default false */
        includeTemplates: z.optional(z.boolean()),
      }),
    ),
  ),
  /**
   * Image overrides: containers whose image is `name` get `newName`, `newTag` and/or `digest`.
   * @default none
   */
  images: z.optional(
    z.array(
      z.strictObject({
        /** The image name to match, without tag or digest (e.g. `ghcr.io/acme/api`). */
        name: imageName,
        /** Replacement image name, without tag or digest. @default unchanged */
        newName: z.optional(imageName),
        /** Replacement tag. @default unchanged */
        newTag: z.optional(
          z.string().check(
            z.regex(/^[\w][\w.-]{0,127}$/, {
              error: (i) => `"${inputText(i.input)}" is not an image tag (e.g. "1.4.2")`,
            }),
          ),
        ),
        /** Replacement digest, `sha256:` and 64 hex digits. @default unchanged */
        digest: z.optional(
          z.string().check(
            z.regex(/^sha256:[a-f0-9]{64}$/, {
              error: (i) => `"${inputText(i.input)}" is not a digest (sha256: and 64 lowercase hex digits)`,
            }),
          ),
        ),
      }),
    ),
  ),
  /** ConfigMaps generated by Kustomize from literals and files. @default none */
  configMapGenerator: z.optional(z.array(ConfigMapGeneratorSchema)),
  /** Secrets generated by Kustomize from files (or placeholder literals). @default none */
  secretGenerator: z.optional(z.array(SecretGeneratorSchema)),
});

/** Options of {@link kustomization}. */
export type KustomizationOptions = z.input<typeof KustomizationOptionsSchema>;

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
type ParsedGenerator = z.output<typeof SecretGeneratorSchema>;

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
      includeSelectors: l.includeSelectors ?? false,
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
