// Fuzzing kustomization. A Kustomization is not a Kubernetes API object and test/support/schema.ts has no
// schema for it: the output is judged by a strict shape check of the fields this builder emits, after
// kustomize's types.Kustomization (api/types/kustomization.go): known keys only, the right types, labels as
// `labels` entries with includeSelectors written out (never commonLabels).
import fc from "fast-check";
import { describe, it } from "vitest";
import { type KustomizationOptions, kustomization } from "../../src/index.ts";
import {
  ALNUM,
  annotations,
  chars,
  dnsLabel,
  dnsSubdomain,
  labelKey,
  labels,
  labelValue,
  rec,
  UPPER,
} from "./arb-base.ts";
import { placeholder } from "./arb-kinds.ts";
import { TIMEOUT } from "./harness.ts";
import { isConfigMapKey, isDnsLabel, isLabelValue, isQualifiedName } from "./k8s-rules.ts";
import { identity, type Lens, missingRequired, type Shape, unknownKey, wrongType } from "./mutate.ts";
import { badValue, setValue } from "./mutations-common.ts";
import { fuzz, junkOptions } from "./suite.ts";

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === "string");

function shapeProblems(
  v: unknown,
  at: string,
  fields: Record<string, (x: unknown) => boolean>,
  required: string[] = [],
): string[] {
  if (!isObj(v)) return [`${at}: not an object`];
  const out: string[] = [];
  for (const [k, x] of Object.entries(v)) {
    const ok = fields[k];
    if (ok === undefined) out.push(`${at}.${k}: unknown field`);
    else if (!ok(x)) out.push(`${at}.${k}: wrong value ${JSON.stringify(x)}`);
  }
  for (const r of required) if (!(r in v)) out.push(`${at}.${r}: required`);
  return out;
}
const stringMap = (check: (k: string, v: unknown) => boolean) => (x: unknown) =>
  isObj(x) && Object.entries(x).every(([k, v]) => check(k, v));
const generatorFields = (secret: boolean): Record<string, (x: unknown) => boolean> => ({
  name: (x) => typeof x === "string" && x !== "",
  namespace: (x) => typeof x === "string" && isDnsLabel(x),
  behavior: (x) => x === "create" || x === "replace" || x === "merge",
  literals: strings,
  files: strings,
  envs: strings,
  options: (x) =>
    shapeProblems(x, "", {
      disableNameSuffixHash: (y) => typeof y === "boolean",
      immutable: (y) => typeof y === "boolean",
      labels: stringMap((k, v) => isQualifiedName(k) && typeof v === "string" && isLabelValue(v)),
      annotations: stringMap((k, v) => isQualifiedName(k) && typeof v === "string"),
    }).length === 0,
  ...(secret ? { type: (x: unknown) => typeof x === "string" } : {}),
});

function kustomizationProblems(o: object): string[] {
  const out = shapeProblems(
    o,
    "(root)",
    {
      apiVersion: (x) => x === "kustomize.config.k8s.io/v1beta1",
      kind: (x) => x === "Kustomization",
      namespace: (x) => typeof x === "string" && isDnsLabel(x),
      resources: strings,
      labels: (x) => Array.isArray(x),
      images: (x) => Array.isArray(x),
      configMapGenerator: (x) => Array.isArray(x),
      secretGenerator: (x) => Array.isArray(x),
    },
    ["apiVersion", "kind"],
  );
  const k = o as Json;
  for (const [i, l] of ((k.labels as unknown[]) ?? []).entries()) {
    out.push(
      ...shapeProblems(
        l,
        `labels[${i}]`,
        {
          pairs: stringMap((key, v) => isQualifiedName(key) && typeof v === "string" && isLabelValue(v)),
          includeSelectors: (x) => typeof x === "boolean",
          includeTemplates: (x) => typeof x === "boolean",
        },
        ["pairs", "includeSelectors"],
      ),
    );
  }
  for (const [i, img] of ((k.images as unknown[]) ?? []).entries()) {
    const str = (x: unknown) => typeof x === "string" && x !== "";
    out.push(
      ...shapeProblems(img, `images[${i}]`, { name: str, newName: str, newTag: str, digest: str }, ["name"]),
    );
  }
  for (const field of ["configMapGenerator", "secretGenerator"] as const) {
    for (const [i, g] of ((k[field] as unknown[]) ?? []).entries()) {
      out.push(...shapeProblems(g, `${field}[${i}]`, generatorFields(field === "secretGenerator"), ["name"]));
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ options

const segment = chars(`${ALNUM}${UPPER}._-`, 1, 12).filter((s) => s !== "." && s !== "..");
const relPath = fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => s.join("/"));
// A literal or file key: the API server also refuses ".", ".." and keys starting with "..".
const key = chars(`${ALNUM}${UPPER}._-`, 1, 12).filter(isConfigMapKey);
const imageName = fc
  .tuple(
    fc.option(fc.constantFrom("ghcr.io", "registry.example.com:5000"), { nil: undefined }),
    fc.array(chars(ALNUM, 1, 8), { minLength: 1, maxLength: 2 }),
  )
  .map(([reg, path]) => `${reg === undefined ? "" : `${reg}/`}${path.join("/")}`);
const image = fc
  .tuple(
    imageName,
    fc.option(imageName, { nil: undefined }),
    fc.option(
      chars(`${ALNUM}._-`, 1, 10).filter((t) => /^\w/.test(t)),
      { nil: undefined },
    ),
    fc.option(
      chars("0123456789abcdef", 64, 64).map((h) => `sha256:${h}`),
      { nil: undefined },
    ),
    fc.nat(2),
  )
  .map(([name, newName, newTag, digest, fallback]) => {
    const overrides = {
      ...(newName === undefined ? {} : { newName }),
      ...(newTag === undefined ? {} : { newTag }),
      ...(digest === undefined ? {} : { digest }),
    };
    return {
      name,
      ...(Object.keys(overrides).length > 0
        ? overrides
        : fallback === 0
          ? { newTag: "1.0.0" }
          : fallback === 1
            ? { newName: `${name}-mirror` }
            : { digest: `sha256:${"a".repeat(64)}` }),
    };
  });

/** A generator whose keys (literal keys and file keys) are unique. */
const generator = (secret: boolean) =>
  fc
    .tuple(
      dnsSubdomain(),
      fc.uniqueArray(key, { minLength: 0, maxLength: 4 }),
      fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      fc.array(secret ? placeholder : fc.string({ maxLength: 10 }), { minLength: 4, maxLength: 4 }),
      fc.array(relPath, { maxLength: 2 }),
      fc.array(relPath, { maxLength: 2 }),
      rec({
        namespace: dnsLabel,
        behavior: fc.constantFrom("create" as const, "replace" as const, "merge" as const),
        options: rec({ disableNameSuffixHash: fc.boolean(), immutable: fc.boolean(), labels, annotations }),
        ...(secret ? { type: fc.constantFrom("Opaque" as const, "kubernetes.io/tls" as const) } : {}),
      }),
    )
    .map(([name, keys, asFile, values, paths, envs, rest]) => {
      const literals = keys.flatMap((k, i) => (asFile[i] ? [] : [`${k}=${values[i] ?? ""}`]));
      const files = keys.flatMap((k, i) =>
        asFile[i] ? [`${k}=${paths[i % Math.max(paths.length, 1)] ?? `${k}.txt`}`] : [],
      );
      const hasSource = literals.length + files.length + envs.length > 0;
      return {
        name,
        ...rest,
        ...(literals.length > 0 ? { literals } : {}),
        ...(files.length > 0 ? { files } : {}),
        ...(envs.length > 0 ? { envs } : {}),
        ...(hasSource || rest.behavior === "merge" ? {} : { literals: ["KEY=<value>"] }),
      };
    });

const kustomizationOptions: fc.Arbitrary<KustomizationOptions> = rec({
  resources: fc.uniqueArray(relPath, { maxLength: 4 }),
  namespace: dnsLabel,
  labels: fc
    .uniqueArray(fc.tuple(labelKey, labelValue), { minLength: 1, maxLength: 4, selector: ([k]) => k })
    .chain((pairs) =>
      fc
        .tuple(
          fc.array(fc.nat(2), { minLength: pairs.length, maxLength: pairs.length }),
          fc.array(rec({ includeSelectors: fc.boolean(), includeTemplates: fc.boolean() }), {
            minLength: 3,
            maxLength: 3,
          }),
        )
        .map(([groups, flags]) =>
          [0, 1, 2]
            .map((g) => ({
              pairs: Object.fromEntries(pairs.filter((_p, i) => groups[i] === g)),
              ...flags[g],
            }))
            .filter((e) => Object.keys(e.pairs).length > 0),
        ),
    ),
  images: fc.uniqueArray(image, { maxLength: 3, selector: (i) => i.name }),
  configMapGenerator: fc.uniqueArray(generator(false), {
    maxLength: 3,
    selector: (g) => `${g.namespace ?? ""}/${g.name}`,
  }),
  secretGenerator: fc.uniqueArray(generator(true), {
    maxLength: 2,
    selector: (g) => `${g.namespace ?? ""}/${g.name}`,
  }),
});

const lens = identity as Lens<KustomizationOptions>;
const shape: Shape = {
  records: [
    "labels.*.pairs",
    "configMapGenerator.*.options.labels",
    "configMapGenerator.*.options.annotations",
    "secretGenerator.*.options.labels",
    "secretGenerator.*.options.annotations",
  ],
  unions: [],
  required: ["labels.*.pairs", "images.*.name", "configMapGenerator.*.name", "secretGenerator.*.name"],
};

describe("kustomization (fuzz)", () => {
  it.for(
    fuzz<KustomizationOptions>({
      subject: { builder: "kustomization", build: (o) => kustomization(o), schema: kustomizationProblems },
      valid: kustomizationOptions,
      mutators: [
        unknownKey(shape, lens),
        wrongType(shape, lens),
        missingRequired(shape, lens),
        setValue(lens, "commonLabels", ["commonLabels"], [{ team: "x" }], "unknown_option"),
        (o) =>
          fc
            .constantFrom("../x", "/abs", "http://example.com/x", "a//b", "./a", "a\\b", "", "a/", "a/../b")
            .map((r) => {
              const list = [...(o.resources ?? []), r];
              return {
                mutation: `resource ${JSON.stringify(r)}`,
                input: { ...o, resources: list },
                path: `resources[${list.length - 1}]`,
              };
            }),
        (o) => {
          const r = o.resources?.[0];
          if (r === undefined) return undefined;
          return fc.constant({
            mutation: `resource ${r} twice`,
            input: { ...o, resources: [...(o.resources ?? []), r] },
            path: `resources[${o.resources?.length}]`,
            code: "duplicate",
          });
        },
        setValue(lens, "bad namespace", ["namespace"], ["a.b", "UPPER", "-x", ""]),
        (o) =>
          fc.constant({
            mutation: "empty label pairs",
            input: { ...o, labels: [...(o.labels ?? []), { pairs: {} }] },
            path: `labels[${o.labels?.length ?? 0}].pairs`,
            code: "too_small",
          }),
        (o) => {
          const first = o.labels?.[0];
          const k = first === undefined ? undefined : Object.keys(first.pairs)[0];
          if (k === undefined) return undefined;
          const n = o.labels?.length ?? 0;
          return fc.constant({
            mutation: `label ${k} in two entries`,
            input: { ...o, labels: [...(o.labels ?? []), { pairs: { [k]: "x" } }] },
            path: `labels[${n}].pairs${/^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`}`,
            code: "duplicate",
          });
        },
        (o) =>
          fc.constantFrom("nginx:1.2", "nginx@sha256:abc", "x/UPPER", "a b", "").map((name) => {
            const list = [...(o.images ?? []), { name, newTag: "1" }];
            return {
              mutation: `image name ${JSON.stringify(name)}`,
              input: { ...o, images: list },
              path: `images[${list.length - 1}].name`,
            };
          }),
        (o) =>
          fc.constant({
            mutation: "image without override",
            input: { ...o, images: [...(o.images ?? []), { name: "zz/none" }] },
            path: `images[${o.images?.length ?? 0}]`,
            code: "required",
          }),
        (o) => {
          const img = o.images?.[0];
          if (img === undefined) return undefined;
          return fc.constant({
            mutation: `image ${img.name} twice`,
            input: { ...o, images: [...(o.images ?? []), { ...img }] },
            path: `images[${o.images?.length}].name`,
            code: "duplicate",
          });
        },
        badValue(lens, "bad newTag", ["images.*.newTag"], ["-x", "a b", "", ".x"]),
        badValue(lens, "bad digest", ["images.*.digest"], ["sha256:abc", "md5:x", ""]),
        (o) =>
          fc.constantFrom("configMapGenerator" as const, "secretGenerator" as const).map((field) => {
            const list = [...(o[field] ?? []), { name: "zz-empty" }];
            return {
              mutation: `${field} without sources`,
              input: { ...o, [field]: list },
              path: `${field}[${list.length - 1}]`,
              code: "required",
            };
          }),
        (o) => {
          const g = o.configMapGenerator?.[0];
          if (g === undefined) return undefined;
          return fc.constant({
            mutation: `generator ${g.name} twice`,
            input: { ...o, configMapGenerator: [...(o.configMapGenerator ?? []), { ...g }] },
            path: `configMapGenerator[${o.configMapGenerator?.length}].name`,
            code: "duplicate",
          });
        },
        (o) =>
          fc.constantFrom("=x", "a b=c", "noequals", "", ".=x", "..a=x", `${"k".repeat(254)}=x`).map((l) => {
            const list = [...(o.configMapGenerator ?? []), { name: "zz-lit", literals: ["OK=1", l] }];
            return {
              mutation: `literal ${JSON.stringify(l)}`,
              input: { ...o, configMapGenerator: list },
              path: `configMapGenerator[${list.length - 1}].literals[1]`,
            };
          }),
        (o) => {
          const list = [
            ...(o.configMapGenerator ?? []),
            { name: "zz-dup", literals: ["A=1"], files: ["A=a.txt"] },
          ];
          return fc.constant({
            mutation: "key from a literal and a file",
            input: { ...o, configMapGenerator: list },
            path: `configMapGenerator[${list.length - 1}].files[0]`,
            code: "duplicate",
          });
        },
        (o) =>
          fc.constantFrom("hunter2", "p@ss").map((v) => {
            const list = [...(o.secretGenerator ?? []), { name: "zz-real", literals: [`PASSWORD=${v}`] }];
            return {
              mutation: `real secret literal ${v}`,
              input: { ...o, secretGenerator: list },
              path: `secretGenerator[${list.length - 1}].literals[0]`,
              code: "real_secret_value",
            };
          }),
        (o) =>
          fc.constantFrom("../x", "/etc/passwd", "k=../x").map((f) => {
            const list = [...(o.configMapGenerator ?? []), { name: "zz-file", files: [f] }];
            return {
              mutation: `file ${f}`,
              input: { ...o, configMapGenerator: list },
              path: `configMapGenerator[${list.length - 1}].files[0]`,
            };
          }),
        badValue(
          lens,
          "bad behavior",
          ["configMapGenerator.*.behavior", "secretGenerator.*.behavior"],
          ["upsert", ""],
        ),
      ],
      junk: [junkOptions()],
    }),
  )("$name", { timeout: TIMEOUT }, (p) => p.run());
});
