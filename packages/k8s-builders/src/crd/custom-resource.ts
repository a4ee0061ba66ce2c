/**
 * Custom resources: the metadata rules of every builder (name, namespace, recommended labels, annotations) for
 * the objects of any CustomResourceDefinition, with a spec and other top-level fields typed by the caller. They
 * must be JSON data; their fields are the CRD's business, checked by the API server (or, for a builder generated
 * by `k8s-builders import`, against the CRD's schema before anything is built). A `patch` is merged after
 * building and the result checked again: its metadata like any object's, its fields as JSON data (or against the
 * CRD's schema).
 */
import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import * as z from "zod/mini";
import type { IssueParams } from "../base/issue-codes.ts";
import { metaShape, objectMeta } from "../base/labels.ts";
import { compareCodeUnits } from "../base/object.ts";
import { k8sDocs, lazyObject, once, option, required } from "../base/options.ts";
import { applyPatch, patchShape } from "../base/patch.ts";
import type { Patch } from "../base/patch-types.ts";
import { dns1035Label, dnsSubdomain } from "../base/primitives.ts";
import { issuesCheck, parseOptions, type RuleIssue } from "../base/validate.ts";
import {
  bodyJsonIssues,
  jsonObjectIssues,
  metadataIssues,
  NOT_A_FIELD,
  NOT_OPTIONS,
  notAField,
  schemaBodyIssues,
  schemaCheck,
} from "./custom-resource-checks.ts";
import { isPlainObject, jsonCopy } from "./json.ts";
import { type StructuralSchema, structuralIssues } from "./structural.ts";

/** The `metadata` of a built custom resource: a name and labels are always there. */
export type CustomResourceMetadata = ObjectMeta & { name: string; labels: Record<string, string> };

/**
 * A custom resource as built by {@link customResource} or a generated builder: `apiVersion`, `kind`,
 * `metadata.name` and `spec` are always present. Assignable to `Manifest`, so `toYaml`, `renderTree` and
 * `validateBundle` take it.
 */
export interface CustomResource<
  Spec extends object = Record<string, unknown>,
  ApiVersion extends string = string,
  Kind extends string = string,
> {
  apiVersion: ApiVersion;
  kind: Kind;
  metadata: CustomResourceMetadata;
  spec: Spec;
}

/**
 * The object {@link customResource} builds: a {@link CustomResource} with its `Spec` (without `spec` when `Spec` is
 * `never`: a CRD whose objects have none, such as a VolumeSnapshotClass), and the top-level `Fields` besides it.
 * Without `Fields`, it is `CustomResource<Spec, ApiVersion, Kind>` itself.
 */
export type CustomResourceObject<
  Spec extends object = Record<string, unknown>,
  ApiVersion extends string = string,
  Kind extends string = string,
  Fields extends object = Record<never, never>,
> = ([Spec] extends [never]
  ? Omit<CustomResource<never, ApiVersion, Kind>, "spec">
  : CustomResource<Spec, ApiVersion, Kind>) &
  ([keyof Fields] extends [never] ? unknown : Fields);

const isValid = (schema: z.ZodMiniType, value: string): boolean => z.safeParse(schema, value).success;

/** `group/version` with a group that is a DNS subdomain with a dot, as every CustomResourceDefinition has. */
export function isCustomResourceApiVersion(value: string): boolean {
  const parts = value.split("/");
  if (parts.length !== 2) return false;
  const [group = "", version = ""] = parts;
  return group.includes(".") && isValid(dnsSubdomain, group) && isValid(dns1035Label, version);
}

/** A Kind the API server accepts for a CRD: its lowercase form is an RFC 1035 label (`Certificate`, `HTTPRoute`). */
export function isKindName(value: string): boolean {
  return isValid(dns1035Label, value.toLowerCase());
}

/** `apiVersion` of a custom resource: `group/version`. */
export const customResourceApiVersion: () => z.ZodMiniString<string> = once(() =>
  z.string().check(
    z.refine(isCustomResourceApiVersion, {
      error: (i) =>
        `${JSON.stringify(i.input)} is not a custom resource apiVersion: expected group/version with a group that is a DNS name with a dot (e.g. "cert-manager.io/v1")`,
      params: { code: "invalid_format" } satisfies IssueParams,
    }),
  ),
);

/** `kind` of a custom resource. */
export const kindName: () => z.ZodMiniString<string> = once(() =>
  z.string().check(
    z.refine(isKindName, {
      error: (i) =>
        `${JSON.stringify(i.input)} is not a valid kind: a letter first, then letters and digits, at most 63 characters (e.g. "Certificate")`,
      params: { code: "invalid_format" } satisfies IssueParams,
    }),
  ),
);

/** The spec of {@link customResource}: a plain object of JSON data, every bad place reported by its path. */
const jsonObject = () => z.unknown().check(issuesCheck(jsonObjectIssues));

/** The `fields` of {@link customResource}: a plain object of JSON data, without the fields that are not the caller's. */
const fieldsObject = () =>
  z.unknown().check(
    issuesCheck((value) => [
      ...jsonObjectIssues(value),
      ...(isPlainObject(value)
        ? Object.keys(value)
            .filter((k) => Object.hasOwn(NOT_A_FIELD, k) && value[k] !== undefined)
            .map((k) => notAField(k, [k]))
        : []),
    ]),
  );

const CRD_DOCS = k8sDocs("concepts/extend-kubernetes/api-extension/custom-resources");

/** The schema of {@link CustomResourceOptions} (built on first use). */
export const CustomResourceOptionsSchema = lazyObject(() => ({
  /** `group/version` of the CRD's served version, e.g. `cert-manager.io/v1`. */
  apiVersion: required(customResourceApiVersion(), {
    description: "`group/version` of the CRD's served version, e.g. `cert-manager.io/v1`.",
    k8s: CRD_DOCS,
  }),
  /** The CRD's kind, e.g. `Certificate`. */
  kind: required(kindName(), { description: "The CRD's kind, e.g. `Certificate`.", k8s: CRD_DOCS }),
  ...metaShape(),
  /** The resource's spec: JSON data, checked by the API server against the CRD's schema when applied. @default unset (no spec: for a CRD whose objects have none) */
  spec: option(jsonObject(), {
    description:
      "The resource's spec: JSON data, checked by the API server against the CRD's schema when applied.",
    unset: "no spec: for a CRD whose objects have none",
    k8s: CRD_DOCS,
  }),
  /** The top-level fields besides `spec` (a VolumeSnapshotClass's `driver`, a `data`): JSON data, written after `spec`. @default unset (none) */
  fields: option(fieldsObject(), {
    description:
      "The top-level fields besides `spec` (a VolumeSnapshotClass's `driver`, a `data`): JSON data, written after `spec`.",
    unset: "none",
    k8s: CRD_DOCS,
  }),
  ...patchShape<CustomResource>(),
}));

/** The metadata options every custom resource builder takes: those of every builder of this library. */
export type CustomResourceMeta = Omit<
  z.input<typeof CustomResourceOptionsSchema>,
  "apiVersion" | "kind" | "spec" | "fields" | "patch"
>;

/** The keys `fields` cannot have: the options and the API server own them. */
type NotFields = { readonly [K in "apiVersion" | "kind" | "metadata" | "spec" | "status"]?: never };

/**
 * Options of {@link customResource}: metadata, `apiVersion`, `kind`, a spec of the caller's type (none when `Spec`
 * is `never`), the top-level `Fields` besides it, and a patch of the object.
 */
export type CustomResourceOptions<
  Spec extends object = Record<string, unknown>,
  ApiVersion extends string = string,
  Kind extends string = string,
  Fields extends object = Record<never, never>,
> = CustomResourceMeta & {
  /** `group/version` of the CRD's served version, e.g. `cert-manager.io/v1`. */
  apiVersion: ApiVersion;
  /** The CRD's kind, e.g. `Certificate`. */
  kind: Kind;
  /**
   * A deep partial of the built object, merged after building and checked like it: for the metadata the options
   * do not model, or to change a shared spec for one object (docs/patches.md).
   */
  patch?: NoInfer<Patch<CustomResourceObject<Spec, ApiVersion, Kind, Fields>>>;
} & ([Spec] extends [never]
    ? { spec?: undefined }
    : {
        /** The resource's spec: JSON data, checked by the API server against the CRD's schema when applied. */
        spec: Spec;
      }) &
  (Record<never, never> extends Fields
    ? {
        /** The top-level fields besides `spec` (a VolumeSnapshotClass's `driver`, a `data`): JSON data. */
        fields?: Fields & NotFields;
      }
    : {
        /** The top-level fields besides `spec` (a VolumeSnapshotClass's `driver`, a `data`): JSON data. */
        fields: Fields & NotFields;
      });

/** `fields` in the order the generated builders write them: by name (after `spec`). */
function sortedFields(fields: Readonly<Record<string, unknown>>): [string, unknown][] {
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => compareCodeUnits(a, b));
}

/** Sets `key` on `out` as a key even when it is `__proto__`. */
function setField(out: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Builds a custom resource of any CRD: the name, namespace, recommended labels and annotations follow the rules of
 * every builder; `apiVersion` must be `group/version` and `kind` a valid kind; `spec` (typed by `Spec`; none when
 * `Spec` is `never`) and the other top-level `fields` (typed by `Fields`) are the caller's, copied as they are
 * (they must be JSON data); a `patch` is merged last and the result checked again (metadata, JSON data). For
 * checked fields, generate a builder from the CRD with `k8s-builders import`.
 *
 * @example
 * interface CertificateSpec { secretName: string; dnsNames: string[]; issuerRef: { name: string; kind: string } }
 * customResource<CertificateSpec>({
 *   apiVersion: "cert-manager.io/v1",
 *   kind: "Certificate",
 *   name: "api-tls",
 *   namespace: "call-center",
 *   spec: { secretName: "api-tls", dnsNames: ["api.example.com"], issuerRef: { name: "letsencrypt", kind: "ClusterIssuer" } },
 * });
 * // No spec, other top-level fields: a cluster-scoped VolumeSnapshotClass.
 * interface VolumeSnapshotClassFields { driver: string; deletionPolicy: "Delete" | "Retain"; parameters?: Record<string, string> }
 * customResource<never, "snapshot.storage.k8s.io/v1", "VolumeSnapshotClass", VolumeSnapshotClassFields>({
 *   apiVersion: "snapshot.storage.k8s.io/v1",
 *   kind: "VolumeSnapshotClass",
 *   name: "csi-snapclass",
 *   fields: { driver: "ebs.csi.aws.com", deletionPolicy: "Delete" },
 *   patch: { metadata: { annotations: { "snapshot.storage.kubernetes.io/is-default-class": "true" } } },
 * });
 */
export function customResource<
  Spec extends object = never,
  const ApiVersion extends string = string,
  const Kind extends string = string,
  Fields extends object = Record<never, never>,
>(
  options: CustomResourceOptions<Spec, ApiVersion, Kind, Fields>,
): CustomResourceObject<Spec, ApiVersion, Kind, Fields> {
  const o = parseOptions("customResource", CustomResourceOptionsSchema, options);
  const input = options as { spec?: unknown; fields?: Readonly<Record<string, unknown>> };
  const built: Record<string, unknown> = { apiVersion: o.apiVersion, kind: o.kind, metadata: objectMeta(o) };
  if (input.spec !== undefined) built.spec = jsonCopy(input.spec);
  for (const [k, v] of sortedFields(input.fields ?? {})) setField(built, k, jsonCopy(v));
  const result =
    o.patch === undefined
      ? built
      : applyPatch("customResource", built, o.patch, ["patch"], (p) => [
          ...metadataIssues(p, dnsSubdomain, undefined),
          ...bodyJsonIssues(p),
        ]);
  return result as CustomResourceObject<Spec, ApiVersion, Kind, Fields>;
}

/** What a builder generated by `k8s-builders import` knows of its CRD version. */
export interface CustomResourceDefinitionVersion<
  ApiVersion extends string = string,
  Kind extends string = string,
> {
  /** The builder's name in its errors, e.g. `certificate`. */
  readonly builder: string;
  readonly apiVersion: ApiVersion;
  readonly kind: Kind;
  /** `false` for a cluster-scoped CRD: its builder takes no `namespace`. */
  readonly namespaced: boolean;
  /** The version's `openAPIV3Schema`, the keys that validate. */
  readonly schema: StructuralSchema;
}

/**
 * The builder function of one CRD version, for the modules that `k8s-builders import` generates: the metadata
 * options of every builder (no `namespace` for a cluster-scoped CRD), each top-level field of the schema
 * (`spec`, always required, and any other but `status`) checked against the schema by `structuralIssues`, and a
 * `patch` merged after building, the patched object checked again: its metadata as any object's, its fields
 * against the schema. Every problem is reported at once in one `K8sBuilderError` named after the builder, with
 * paths such as `spec.issuerRef.name` or `patch.spec.issuerRef.name`. Types come from the generated module:
 * `Options` and `Result` are not checked here.
 *
 * @example
 * const build = customResourceBuilder<WidgetOptions, Widget>({
 *   builder: "widget",
 *   apiVersion: "example.com/v1",
 *   kind: "Widget",
 *   namespaced: true,
 *   schema: { type: "object", properties: { spec: { type: "object", required: ["size"], properties: { size: { type: "integer" } } } } },
 * });
 * build({ name: "w", namespace: "default", spec: { size: 1 }, patch: { metadata: { annotations: { team: "voice" } } } });
 */
export function customResourceBuilder<Options extends object, Result extends object>(
  definition: CustomResourceDefinitionVersion,
): (options: Options) => Result {
  const { builder, apiVersion, kind, namespaced, schema } = definition;
  const fields = Object.keys(schema.properties ?? {})
    .filter((k) => !NOT_OPTIONS.has(k))
    .sort((a, b) => (a === "spec" ? -1 : b === "spec" ? 1 : compareCodeUnits(a, b)));
  const required = new Set(fields.filter((f) => f === "spec" || (schema.required ?? []).includes(f)));
  // A CRD with a top-level field named `patch` keeps it as the field: its builder has no patch option.
  const patchable = !fields.includes("patch");
  const nameSchema = schema.properties?.metadata?.properties?.name;
  const crdNameRules = (v: unknown): RuleIssue[] =>
    nameSchema === undefined ? [] : structuralIssues(nameSchema, v);
  let optionsSchema: z.ZodMiniType | undefined;
  const compiled = (): z.ZodMiniType => {
    if (optionsSchema !== undefined) return optionsSchema;
    const meta = metaShape();
    const { namespace: _, ...clusterMeta } = meta;
    const shape: Record<string, z.ZodMiniType> = {
      ...(namespaced ? meta : clusterMeta),
      ...(patchable ? patchShape<CustomResource>() : {}),
    };
    for (const f of fields) {
      const field = schema.properties?.[f] ?? {};
      shape[f] = required.has(f) ? schemaCheck(field, true) : z.optional(schemaCheck(field, false));
    }
    // A CRD may restrict metadata.name further (a shorter maximum, a pattern): checked with the usual rules.
    if (nameSchema !== undefined) shape.name = meta.name.check(issuesCheck(crdNameRules));
    optionsSchema = z.strictObject(shape);
    return optionsSchema;
  };
  let patchedName: z.ZodMiniType | undefined;
  const patchedIssues = (o: Record<string, unknown>): RuleIssue[] => {
    patchedName ??= nameSchema === undefined ? dnsSubdomain : dnsSubdomain.check(issuesCheck(crdNameRules));
    return [...metadataIssues(o, patchedName, namespaced), ...schemaBodyIssues(schema, fields, required, o)];
  };
  return (options: Options): Result => {
    const o = parseOptions(builder, compiled(), options) as Record<string, unknown> & { name: string };
    const input = options as Record<string, unknown>;
    const out: Record<string, unknown> = { apiVersion, kind, metadata: objectMeta(o) };
    for (const f of fields) if (input[f] !== undefined) out[f] = jsonCopy(input[f]);
    if (!patchable || o.patch === undefined) return out as Result;
    return applyPatch(builder, out, o.patch, ["patch"], patchedIssues) as Result;
  };
}
