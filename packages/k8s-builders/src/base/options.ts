/**
 * How an option is declared: its schema, its default and what the docs say about it, in one place.
 *
 *   replicas: option(intAtLeast(0), {
 *     description: "Desired pods.",
 *     default: 1,
 *     k8s: k8sApi("workload-resources/deployment-v1", "DeploymentSpec"),
 *   }),
 *
 * `option` makes the field optional and applies the default in the schema (`z._default`, or `z.prefault` for an
 * object whose own fields have defaults), so a builder reads the parsed value and never writes `?? value`.
 * Without a default it says what leaving the option out means: `unset` (nothing is written; Kubernetes or the
 * consumer decides) or `derived` (the builder computes it from other options). `required` declares a field
 * that must be given. The text is registered as zod metadata (`z.globalRegistry`), which the docs generator,
 * `values.schema.json` and `z.toJSONSchema` read; the one-line TSDoc above each field (what editors show) is
 * checked against it by test/docs/option-tsdoc.test.ts and rewritten by `npm run docs`.
 *
 * Schemas are built on first use, not at import: shapes are functions (`metaShape()`), object schemas are
 * memoized thunks ({@link objectSchema}), and an exported schema is a `z.lazy` ({@link lazyObject}).
 */
import * as z from "zod/mini";

/** What every option says about itself. */
export interface OptionDoc {
  /** One line: what the option does (the TSDoc summary, the docs' description, the JSON Schema description). */
  readonly description: string;
  /**
   * The Kubernetes reference for the field it sets (`https://kubernetes.io/docs/reference/kubernetes-api/…#…`,
   * see {@link k8sApi}), or the concept page when it sets no single field.
   */
  readonly k8s?: string;
  /** Why the default is what it is: one sentence, required for a security default. */
  readonly why?: string;
}

/** An optional field without a default value: what leaving it out means. */
export type NoDefaultDoc = OptionDoc &
  (
    | {
        /** Nothing is written: what that means, e.g. `"Kubernetes: 10"`, `"no limit"`. Shown as `unset (…)`. */
        readonly unset: string;
        readonly derived?: never;
      }
    | {
        /** The builder computes it from other options, e.g. `"the object's name"`. */
        readonly derived: string;
        readonly unset?: never;
      }
  );

/** The metadata registered for an option (zod's global registry; `z.toJSONSchema` copies it into the output). */
export type OptionMeta = OptionDoc & { readonly unset?: string; readonly derived?: string };

function register<S extends z.ZodMiniType>(schema: S, doc: OptionMeta): S {
  const meta: Record<string, string> = { description: doc.description };
  if (doc.k8s !== undefined) meta.k8s = doc.k8s;
  if (doc.why !== undefined) meta.why = doc.why;
  if (doc.unset !== undefined) meta.unset = doc.unset;
  if (doc.derived !== undefined) meta.derived = doc.derived;
  z.globalRegistry.add(schema, meta);
  return schema;
}

/** A field that must be given. The schema is copied, so that its metadata is this field's alone. */
export function required<S extends z.ZodMiniType>(schema: S, doc: OptionDoc): S {
  return register(schema.clone() as S, doc);
}

/** An optional field with a default value, applied by the schema (`z._default`). */
export function option<S extends z.ZodMiniType>(
  schema: S,
  doc: OptionDoc & { readonly default: Exclude<z.output<S>, undefined> },
): z.ZodMiniDefault<S>;
/**
 * An optional object whose own fields have defaults: leaving it out parses `prefault` (usually `{}`), so those
 * defaults apply (`z.prefault`).
 */
export function option<S extends z.ZodMiniType>(
  schema: S,
  doc: OptionDoc & { readonly prefault: z.input<S> },
): z.ZodMiniPrefault<S>;
/** An optional field without a default value. */
export function option<S extends z.ZodMiniType>(schema: S, doc: NoDefaultDoc): z.ZodMiniOptional<S>;
export function option<S extends z.ZodMiniType>(
  schema: S,
  doc: OptionMeta & { readonly default?: unknown; readonly prefault?: unknown },
): z.ZodMiniType {
  if ("default" in doc) return register(z._default(schema, doc.default as never), doc);
  if ("prefault" in doc) return register(z.prefault(schema, doc.prefault as never), doc);
  return register(z.optional(schema), doc);
}

/** A value built on first use and kept: a shared schema (`const containerSchema = once(() => …)`). */
export function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}

/** A strict object schema (unknown options are errors). */
export type StrictObject<Shape extends z.core.$ZodShape> = z.ZodMiniObject<Shape, z.core.$strict>;

/**
 * A strict object schema, built on first use and kept: `const probeSchema = objectSchema(() => ({ … }), check)`.
 * Declared this way, its fields keep their TSDoc in the published `.d.ts`, at every depth.
 */
export function objectSchema<Shape extends z.core.$ZodShape>(
  shape: () => Shape,
  ...checks: z.core.$ZodCheck<z.output<StrictObject<Shape>>>[]
): () => StrictObject<Shape> {
  return once(() => {
    const schema = z.strictObject(shape());
    return checks.length === 0 ? schema : schema.check(...checks);
  });
}

/**
 * An exported options schema: a `z.lazy` that builds the object on first use, so that importing the package
 * builds nothing. `export const DeploymentOptionsSchema = lazyObject(deploymentShape);`
 */
export function lazyObject<Shape extends z.core.$ZodShape>(
  shape: () => Shape,
  ...checks: z.core.$ZodCheck<z.output<StrictObject<Shape>>>[]
): z.ZodMiniLazy<StrictObject<Shape>> {
  return z.lazy(objectSchema(shape, ...checks));
}

/** Names a shared schema (`"DNS label"`): the docs show the name after the type, JSON Schema as its `title`. */
export function titled<S extends z.ZodMiniType>(schema: S, title: string): S {
  z.globalRegistry.add(schema, { title });
  return schema;
}

/**
 * A shared schema of values (names, ports, quantities) built on first use: a `z.lazy` of `build`, so that
 * importing the package builds nothing and every use shares one schema.
 */
export function primitive<S extends z.ZodMiniType>(
  title: string | undefined,
  build: () => S,
): z.ZodMiniLazy<S> {
  const schema = z.lazy(once(build));
  return title === undefined ? schema : titled(schema, title);
}

/** A link into the Kubernetes API reference: `k8sApi("workload-resources/deployment-v1", "DeploymentSpec")`. */
export function k8sApi(page: string, anchor: string): string {
  return `https://kubernetes.io/docs/reference/kubernetes-api/${page}/#${anchor}`;
}

/** A link into the Kubernetes concept and task docs: `k8sDocs("concepts/workloads/pods/pod-lifecycle", "…")`. */
export function k8sDocs(path: string, anchor?: string): string {
  return `https://kubernetes.io/docs/${path}/${anchor === undefined ? "" : `#${anchor}`}`;
}
