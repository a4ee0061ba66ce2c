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
import { once } from "./once.ts";

export { once };

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

/**
 * The object `T` with exactly one of the keys `K`: one branch per key, which requires it and leaves the others
 * out (`{ http: H; tcp?: undefined; … } | { tcp: T; http?: undefined; … }`), so that two of them do not compile.
 */
export type ExactlyOne<T, K extends keyof T> = OneBranch<T, K, K>;
type OneBranch<T, K extends keyof T, P extends K> = P extends K
  ? Flat<Omit<T, K> & { [Q in P]-?: Exclude<T[Q], undefined> } & { [Q in Exclude<K, P>]?: undefined }>
  : never;

/** An intersection of objects as one object type (what editors show, and what a spread keeps). */
type Flat<T> = { [Q in keyof T]: T[Q] };

/** The object members of the union `U`, each forbidding the keys only the others have; other members as they are. */
export type ExclusiveUnion<U, All = U> = U extends object
  ? U & { [Q in Exclude<All extends object ? keyof All : never, keyof U>]?: never }
  : U;

/**
 * The type of {@link exactlyOne}'s schema: `S` with the input {@link ExactlyOne}. An interface, so that the
 * published `.d.ts` names it with `S` (and the TSDoc of `S`'s fields) instead of writing out every branch.
 */
export interface ExactlyOneSchema<S extends z.ZodMiniType, K extends keyof z.input<S>>
  extends z.ZodMiniType<z.output<S>, ExactlyOne<z.input<S>, K>> {}

/**
 * An object schema that allows exactly one of `keys` (a probe's handlers), checked at run time and typed as
 * such: its input is {@link ExactlyOne}, so `{ http, tcp }` fails to compile as it fails to parse. The schema
 * stays one object with a check, so the docs, JSON Schema and error paths are those of its fields.
 */
export function exactlyOne<S extends z.ZodMiniType<object>, K extends keyof z.input<S> & keyof z.output<S>>(
  schema: S,
  keys: readonly K[],
  error: string,
): ExactlyOneSchema<S, K> {
  const given = (value: z.output<S>) => keys.filter((k) => value[k] !== undefined).length;
  return schema.check(z.refine((value: z.output<S>) => given(value) === 1, { error })) as never;
}

/** The type of {@link exclusiveUnion}'s schema: `S` with the input {@link ExclusiveUnion}. */
export interface ExclusiveUnionSchema<S extends z.ZodMiniType>
  extends z.ZodMiniType<z.output<S>, ExclusiveUnion<z.input<S>>> {}

/**
 * A union of strict objects (one key each, e.g. `{ secretKeyRef }` | `{ configMapKeyRef }`), typed so that each
 * object forbids the others' keys: `{ secretKeyRef, configMapKeyRef }` fails to compile as it fails to parse
 * (TypeScript's excess-property check alone accepts a key of any member of a union).
 */
export function exclusiveUnion<S extends z.ZodMiniType>(schema: S): ExclusiveUnionSchema<S> {
  return schema as never;
}
