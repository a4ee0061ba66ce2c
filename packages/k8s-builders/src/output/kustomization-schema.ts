/**
 * The options of `kustomization` (and of `renderTree`'s kustomization.yml): their schema, defaults and docs, and
 * the checks of the literals and image names they hold (paths: paths.ts).
 */
import * as z from "zod/mini";
import { inputText } from "../base/errors.ts";
import { lazyObject, objectSchema, option, required } from "../base/options.ts";
import {
  annotations,
  CONFIG_MAP_KEY_RULE,
  dnsLabel,
  dnsSubdomain,
  isConfigMapKey,
  labels,
} from "../base/primitives.ts";
import { issuesCheck, type RuleIssue } from "../base/validate.ts";
import { relativePath, relativePathProblem } from "./paths.ts";

const IMAGE_NAME =
  /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/** An image name without tag or digest, as written in a container's `image` (e.g. `ghcr.io/acme/api`). */
const imageName = () =>
  z.string().check(
    z.refine((s) => IMAGE_NAME.test(s), {
      error: (i) =>
        `"${inputText(i.input)}" is not an image name without tag or digest (e.g. "ghcr.io/acme/api")`,
      abort: true,
    }),
  );

/** A literal `KEY=value` of a generator (the value may hold '=' too: Kustomize splits at the first). */
const literal = () => z.string().check(issuesCheck<string>(literalIssues));

function literalIssues(s: string): RuleIssue[] {
  const eq = s.indexOf("=");
  if (eq <= 0)
    return [{ path: [], code: "invalid_value", message: `"${inputText(s)}" is not a literal KEY=value` }];
  return keyIssues(s, s.slice(0, eq), false);
}

/** A generator file: `path` or `key=path`. */
const generatorFile = () => z.string().check(issuesCheck<string>(fileSourceIssues));

function fileSourceIssues(source: string): RuleIssue[] {
  const bad = (message: string): RuleIssue[] => [
    { path: [], code: "invalid_value", message: `"${inputText(source)}" ${message}` },
  ];
  const parts = source.split("=");
  if (parts.length > 2) return bad("has more than one '=' (Kustomize refuses '=' in a key or a file path)");
  const path = parts.at(-1) ?? "";
  if (parts.length === 2 && path === "") return bad("has no file path after '='");
  const problem = relativePathProblem(path);
  if (problem !== undefined) return bad(problem);
  // Kustomize names an entry without `key=` after its file, and the API server refuses an invalid key.
  return keyIssues(source, fileSourceKey(source), parts.length === 1);
}

/** A generated entry's key, checked with the rule the API server applies to the ConfigMap or Secret. */
function keyIssues(source: string, key: string, fileName: boolean): RuleIssue[] {
  if (isConfigMapKey(key)) return [];
  const where = fileName ? " (the file's name; write it as key=path)" : "";
  return [
    {
      path: [],
      code: "invalid_key",
      message: `"${inputText(source)}" gives the key "${inputText(key)}"${where}: ${CONFIG_MAP_KEY_RULE}`,
    },
  ];
}

/** The key a file source gives its generated object: the part before `=`, else the file's name. */
export function fileSourceKey(source: string): string {
  const eq = source.indexOf("=");
  return eq === -1 ? (source.split("/").pop() ?? source) : source.slice(0, eq);
}

const KUSTOMIZE = "https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/";
const GENERATORS = `${KUSTOMIZE}configmapgenerator/`;

const generatorOptionsSchema = objectSchema(() => ({
  /**
   * Keep the name as given, without the content-hash suffix. The suffix makes pods roll when the content
   * changes, so only disable it for objects read at runtime.
   * @default unset (Kustomize: false)
   */
  disableNameSuffixHash: option(z.boolean(), {
    description:
      "Keep the name as given, without the content-hash suffix. The suffix makes pods roll when the content changes, so only disable it for objects read at runtime.",
    unset: "Kustomize: false",
    k8s: GENERATORS,
  }),
  /** Mark the generated object immutable. @default unset (Kustomize: false) */
  immutable: option(z.boolean(), {
    description: "Mark the generated object immutable.",
    unset: "Kustomize: false",
    k8s: GENERATORS,
  }),
  /** Labels on the generated object. @default unset (none) */
  labels: option(labels, { description: "Labels on the generated object.", unset: "none", k8s: GENERATORS }),
  /** Annotations on the generated object. @default unset (none) */
  annotations: option(annotations, {
    description: "Annotations on the generated object.",
    unset: "none",
    k8s: GENERATORS,
  }),
}));

function generatorShape() {
  return {
    /**
     * Name of the generated object; Kustomize appends a content hash unless `options.disableNameSuffixHash`.
     */
    name: required(dnsSubdomain, {
      description:
        "Name of the generated object; Kustomize appends a content hash unless `options.disableNameSuffixHash`.",
      k8s: GENERATORS,
    }),
    /** Namespace of the generated object. @default unset (the kustomization's `namespace`) */
    namespace: option(dnsLabel, {
      description: "Namespace of the generated object.",
      unset: "the kustomization's `namespace`",
      k8s: GENERATORS,
    }),
    /** `create` a new object, or `replace`/`merge` one from a base. @default unset (Kustomize: create) */
    behavior: option(z.enum(["create", "replace", "merge"]), {
      description: "`create` a new object, or `replace`/`merge` one from a base.",
      unset: "Kustomize: create",
      k8s: GENERATORS,
    }),
    /** Entries as `KEY=value`. @default unset (none) */
    literals: option(z.array(literal()), {
      description: "Entries as `KEY=value`.",
      unset: "none",
      k8s: GENERATORS,
    }),
    /**
     * Files whose content becomes a value: `path` (key = file name) or `key=path`, relative.
     * @default unset (none)
     */
    files: option(z.array(generatorFile()), {
      description: "Files whose content becomes a value: `path` (key = file name) or `key=path`, relative.",
      unset: "none",
      k8s: GENERATORS,
    }),
    /** `.env` files of `KEY=value` lines, relative. @default unset (none) */
    envs: option(z.array(relativePath()), {
      description: "`.env` files of `KEY=value` lines, relative.",
      unset: "none",
      k8s: GENERATORS,
    }),
    /** Generator options of this object. @default unset (none) */
    options: option(generatorOptionsSchema(), {
      description: "Generator options of this object.",
      unset: "none",
      k8s: GENERATORS,
    }),
  };
}

/** One `configMapGenerator` entry (passed through to Kustomize). */
const configMapGeneratorSchema = objectSchema(generatorShape);

/** One `secretGenerator` entry (passed through to Kustomize, except `allowRealValues`). */
export const secretGeneratorSchema = objectSchema(() => ({
  ...generatorShape(),
  /** Secret type. @default unset (Kustomize: Opaque) */
  type: option(
    z.enum(["Opaque", "kubernetes.io/tls", "kubernetes.io/basic-auth", "kubernetes.io/dockerconfigjson"]),
    { description: "Secret type.", unset: "Kustomize: Opaque", k8s: `${KUSTOMIZE}secretgenerator/` },
  ),
  /**
   * Allow `literals` whose values are not placeholders (`<password>`, `CHANGE_ME`). A literal is written into
   * kustomization.yml, which is committed; real values belong in `envs` files kept out of git. Not emitted.
   * @default false
   */
  allowRealValues: option(z.boolean(), {
    description:
      "Allow `literals` whose values are not placeholders (`<password>`, `CHANGE_ME`). A literal is written into kustomization.yml, which is committed; real values belong in `envs` files kept out of git. Not emitted.",
    default: false,
    why: "A literal is committed with the kustomization: a real secret there ends up in Git.",
    k8s: `${KUSTOMIZE}secretgenerator/`,
  }),
}));

const labelsEntrySchema = objectSchema(() => ({
  /** The labels to add. */
  pairs: required(labels, { description: "The labels to add.", k8s: `${KUSTOMIZE}labels/` }),
  /**
   * Also add them to selectors. Selectors are immutable: adding a label there later breaks `kubectl apply` on
   * every existing workload, hence off unless asked for.
   * @default false
   */
  includeSelectors: option(z.boolean(), {
    description:
      "Also add them to selectors. Selectors are immutable: adding a label there later breaks `kubectl apply` on every existing workload, hence off unless asked for.",
    default: false,
    why: "Selectors are immutable: a label added to them later makes `kubectl apply` fail on every workload.",
    k8s: `${KUSTOMIZE}labels/`,
  }),
  /** Also add them to pod templates (rolls the pods). @default unset (Kustomize: false) */
  includeTemplates: option(z.boolean(), {
    description: "Also add them to pod templates (rolls the pods).",
    unset: "Kustomize: false",
    k8s: `${KUSTOMIZE}labels/`,
  }),
}));

const imageSchema = objectSchema(() => ({
  /** The image name to match, without tag or digest (e.g. `ghcr.io/acme/api`). */
  name: required(imageName(), {
    description: "The image name to match, without tag or digest (e.g. `ghcr.io/acme/api`).",
    k8s: `${KUSTOMIZE}images/`,
  }),
  /** Replacement image name, without tag or digest. @default unset (unchanged) */
  newName: option(imageName(), {
    description: "Replacement image name, without tag or digest.",
    unset: "unchanged",
    k8s: `${KUSTOMIZE}images/`,
  }),
  /** Replacement tag. @default unset (unchanged) */
  newTag: option(
    z.string().check(
      z.regex(/^[\w][\w.-]{0,127}$/, {
        error: (i) => `"${inputText(i.input)}" is not an image tag (e.g. "1.4.2")`,
      }),
    ),
    { description: "Replacement tag.", unset: "unchanged", k8s: `${KUSTOMIZE}images/` },
  ),
  /** Replacement digest, `sha256:` and 64 hex digits. @default unset (unchanged) */
  digest: option(
    z.string().check(
      z.regex(/^sha256:[a-f0-9]{64}$/, {
        error: (i) => `"${inputText(i.input)}" is not a digest (sha256: and 64 lowercase hex digits)`,
      }),
    ),
    {
      description: "Replacement digest, `sha256:` and 64 hex digits.",
      unset: "unchanged",
      k8s: `${KUSTOMIZE}images/`,
    },
  ),
}));

/** The options of a kustomization but `resources`: what `renderTree` takes for the tree's kustomization.yml. */
export function kustomizationShape() {
  return {
    /** Namespace that Kustomize sets on every namespaced object. @default unset (objects keep their own) */
    namespace: option(dnsLabel, {
      description: "Namespace that Kustomize sets on every namespaced object.",
      unset: "objects keep their own",
      k8s: `${KUSTOMIZE}namespace/`,
    }),
    /**
     * Labels Kustomize adds to every object, as `labels` entries (never `commonLabels`).
     * @default unset (none)
     */
    labels: option(z.array(labelsEntrySchema()), {
      description: "Labels Kustomize adds to every object, as `labels` entries (never `commonLabels`).",
      unset: "none",
      k8s: `${KUSTOMIZE}labels/`,
    }),
    /**
     * Image overrides: containers whose image is `name` get `newName`, `newTag` and/or `digest`.
     * @default unset (none)
     */
    images: option(z.array(imageSchema()), {
      description:
        "Image overrides: containers whose image is `name` get `newName`, `newTag` and/or `digest`.",
      unset: "none",
      k8s: `${KUSTOMIZE}images/`,
    }),
    /** ConfigMaps generated by Kustomize from literals and files. @default unset (none) */
    configMapGenerator: option(z.array(configMapGeneratorSchema()), {
      description: "ConfigMaps generated by Kustomize from literals and files.",
      unset: "none",
      k8s: GENERATORS,
    }),
    /** Secrets generated by Kustomize from files (or placeholder literals). @default unset (none) */
    secretGenerator: option(z.array(secretGeneratorSchema()), {
      description: "Secrets generated by Kustomize from files (or placeholder literals).",
      unset: "none",
      k8s: `${KUSTOMIZE}secretgenerator/`,
    }),
  };
}

/** The schema of {@link KustomizationOptions} (built on first use). */
export const KustomizationOptionsSchema = lazyObject(() => {
  const { namespace, labels: labelsOption, ...rest } = kustomizationShape();
  return {
    /**
     * Files or directories that make up the kustomization, relative to it, forward slashes, no `..`; kept in
     * the order given.
     * @default unset (none)
     */
    resources: option(z.array(relativePath()), {
      description:
        "Files or directories that make up the kustomization, relative to it, forward slashes, no `..`; kept in the order given.",
      unset: "none",
      k8s: `${KUSTOMIZE}resource/`,
    }),
    namespace,
    labels: labelsOption,
    ...rest,
  };
});

/** Options of {@link kustomization}. */
export type KustomizationOptions = z.input<typeof KustomizationOptionsSchema>;
