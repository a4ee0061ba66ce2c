// Pod mutations the real API server refuses (issue 12): probe header names, envFrom prefixes, key references,
// fieldRef label keys, volume item paths and keys, subPaths, projected sources, annotation sizes and a user
// volume named like a writable path's emptyDir. Each knows its issue path (and code).
// BUG-23 (an it.fails property of known-bugs.fuzz.test.ts until 4b60e6e): volume item keys and paths and mount
// subPaths were free text, and a projected source could have neither a ConfigMap nor a Secret (written as
// `secret: { name: "" }`); the API server refuses all of them. Its cases are the mutations "bad volume item"
// (`../x`, `/abs`, key `a b`), "projected source with both or neither of configMap and secret" (`{}`) and the
// bad subPath one (`../etc`) below.
import fc from "fast-check";
import { getAt, type Segment } from "./harness.ts";
import { type Lens, type Mutator, setField } from "./mutate.ts";

type Obj = Record<string, unknown>;
const list = (o: unknown, path: readonly Segment[]): Obj[] => {
  const v = getAt(o, path);
  return Array.isArray(v) ? (v as Obj[]) : [];
};
const GROUPS = ["initContainers", "containers"] as const;
function containersOf(o: unknown): [(typeof GROUPS)[number], number, Obj][] {
  return GROUPS.flatMap((g) => list(o, [g]).map((c, i): [(typeof GROUPS)[number], number, Obj] => [g, i, c]));
}
const regular = (o: unknown) => containersOf(o).filter(([g]) => g === "containers");

/** HTTP header names the API server refuses (its grammar is letters, digits and '-'). */
export const badHeaderName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("X Bad", "", "Host:", "a_b", "ü", "X.Y", "(x)"),
  fc
    .tuple(
      fc.stringMatching(/^[-A-Za-z0-9]{0,6}$/),
      fc.constantFrom(...' :_./@()[]{}"=?\t'),
      fc.stringMatching(/^[-A-Za-z0-9]{0,6}$/),
    )
    .map(([a, c, b]) => `${a}${c}${b}`),
);
/** envFrom prefixes the API server refuses: '=', characters outside printable ASCII, and the empty prefix. */
export const badPrefix: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("A=B", "é_", "", "=", "\t", "A\u00a0"),
  fc
    .tuple(fc.stringMatching(/^[A-Z_]{0,5}$/), fc.constantFrom("=", "é", "\n", "\u0000", "€"))
    .map(([a, c]) => `${a}${c}`),
);
/** ConfigMap/Secret keys the API server refuses. */
export const badKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(".", "..", "..data", "...", "a b", "", "a/b", "k".repeat(254)),
  fc.stringMatching(/^[-._a-zA-Z0-9]{0,8}$/).map((s) => `..${s}`),
  fc.integer({ min: 254, max: 400 }).map((n) => "k".repeat(n)),
);
/** Label keys that are not label keys (in `metadata.labels['…']`; no `'`, which the field-path grammar refuses). */
export const badLabelKey: fc.Arbitrary<string> = fc.constantFrom(
  "a b",
  "-x",
  "x-",
  "a/b/c",
  "UPPER.example.com/x",
  "/x",
  "x/",
  "k".repeat(64),
);
/** Relative paths inside a volume that escape it or are absolute. */
export const badItemPath: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("../x", "/abs", "a/../b", "..", "", "..x"),
  fc.stringMatching(/^[a-z]{1,5}$/).map((s) => `${s}/../../${s}`),
);
export const badSubPath: fc.Arbitrary<string> = fc.constantFrom("../etc", "/etc", "a/../../b", "..");

const VOL = "zz-fuzz-vol";

/** The pod mutations of this file, for deployment and statefulSet. */
export function podApiServerMutations<I>(lens: Lens<I>): Mutator<I>[] {
  return [
    setField(lens, "bad probe header name", (o) => {
      const cs = regular(o);
      if (cs.length === 0) return undefined;
      return fc.tuple(fc.constantFrom(...cs), badHeaderName).map(([[g, i], name]) => ({
        path: [g, i, "readinessProbe"],
        value: { http: { path: "/", port: 1, headers: { [name]: "v" } } },
        issuePath: [g, i, "readinessProbe", "http", "headers", name],
      }));
    }),
    setField(lens, "bad envFrom prefix", (o) =>
      fc.tuple(fc.constantFrom(...containersOf(o)), badPrefix).map(([[g, i, c], prefix]) => {
        const n = list(c, ["envFrom"]).length;
        return {
          path: [g, i, "envFrom"],
          value: [...list(c, ["envFrom"]), { configMap: "cm", prefix }],
          issuePath: [g, i, "envFrom", n, "prefix"],
        };
      }),
    ),
    setField(lens, "bad key reference", (o) =>
      fc
        .tuple(
          fc.constantFrom(...containersOf(o)),
          fc.constantFrom("configMapKeyRef", "secretKeyRef"),
          badKey,
        )
        .map(([[g, i, c], ref, key]) => ({
          path: [g, i, "env"],
          value: { ...(c.env as object | undefined), ZZ_REF: { [ref]: { name: "obj", key } } },
          issuePath: [g, i, "env", "ZZ_REF", ref, "key"],
        })),
    ),
    setField(lens, "fieldRef subscript that is not a label key", (o) =>
      fc
        .tuple(fc.constantFrom(...containersOf(o)), fc.constantFrom("labels", "annotations"), badLabelKey)
        .filter(([, kind, key]) => !(kind === "annotations" && key === "UPPER.example.com/x"))
        .map(([[g, i, c], kind, key]) => ({
          path: [g, i, "env"],
          value: {
            ...(c.env as object | undefined),
            ZZ_FIELD: { fieldRef: { fieldPath: `metadata.${kind}['${key}']` } },
          },
          issuePath: [g, i, "env", "ZZ_FIELD", "fieldRef", "fieldPath"],
        })),
    ),
    setField(lens, "bad volume item", (o) => {
      const n = list(o, ["volumes"]).length;
      return fc
        .tuple(fc.constantFrom("configMap", "secret"), fc.boolean(), badKey, badItemPath)
        .map(([kind, badKeyNotPath, key, path]) => ({
          path: ["volumes"],
          value: [
            ...list(o, ["volumes"]),
            {
              name: VOL,
              [kind]: { name: "obj", items: [badKeyNotPath ? { key, path: "p" } : { key: "k", path }] },
            },
          ],
          issuePath: ["volumes", n, kind, "items", 0, badKeyNotPath ? "key" : "path"],
        }));
    }),
    setField(
      lens,
      "projected source with both or neither of configMap and secret",
      (o) => {
        const n = list(o, ["volumes"]).length;
        return fc
          .constantFrom<Obj>({}, { configMap: { name: "a" }, secret: { name: "b" } })
          .map((source) => ({
            path: ["volumes"],
            value: [
              ...list(o, ["volumes"]),
              { name: VOL, projected: { sources: [{ configMap: { name: "c" } }, source] } },
            ],
            issuePath: ["volumes", n, "projected", "sources", 1],
          }));
      },
      "invalid_value",
    ),
    setField(
      lens,
      "two projected sources writing one path",
      (o) => {
        const n = list(o, ["volumes"]).length;
        return fc
          .tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,8}$/), fc.constantFrom("configMap", "secret"))
          .map(([file, kind]) => ({
            path: ["volumes"],
            value: [
              ...list(o, ["volumes"]),
              {
                name: VOL,
                projected: {
                  sources: [
                    { configMap: { name: "a", items: [{ key: "x", path: file }] } },
                    { [kind]: { name: "b", items: [{ key: "y", path: file }] } },
                  ],
                },
              },
            ],
            issuePath: ["volumes", n, "projected", "sources", 1, kind, "items", 0, "path"],
          }));
      },
      "duplicate",
    ),
    (input) => {
      const o = lens.get(input);
      const cs = regular(o);
      if (cs.length === 0) return undefined;
      return fc.tuple(fc.constantFrom(...cs), badSubPath).map(([[g, i, c], subPath]) => {
        const mounts = list(c, ["volumeMounts"]);
        const volumes = [...list(o, ["volumes"]), { name: VOL, emptyDir: {} }];
        const containers = list(o, [g]).map((x, j) =>
          j === i ? { ...x, volumeMounts: [...mounts, { name: VOL, mountPath: `/${VOL}`, subPath }] } : x,
        );
        return {
          mutation: `subPath ${JSON.stringify(subPath)}`,
          input: lens.set(input, { ...(o as Obj), volumes, [g]: containers }),
          path: `${g}[${i}].volumeMounts[${mounts.length}].subPath`,
        };
      });
    },
    setField(
      lens,
      "pod annotations over 256 KiB",
      () =>
        fc.integer({ min: 1, max: 1000 }).map((extra) => ({
          path: ["podAnnotations"],
          value: { "example.com/big": "x".repeat(256 * 1024 - "example.com/big".length + extra) },
        })),
      "too_big",
    ),
    // A Secret or ConfigMap volume named like the emptyDir of a writable path (`/name` → `name`).
    (input) => {
      const o = lens.get(input) as Obj;
      const volumes = list(o, ["volumes"]);
      const taken = new Set(volumes.map((v) => v.name));
      return fc
        .tuple(
          fc.stringMatching(/^[a-z]{1,8}$/).filter((name) => !taken.has(name)),
          fc.constantFrom<Obj>({ secret: { name: "s" } }, { configMap: { name: "c" } }),
        )
        .map(([name, source]) => {
          const security = (o.security as Obj | undefined) ?? {};
          const paths = (security.writablePaths as string[] | undefined) ?? ["/tmp"];
          return {
            mutation: `volume ${name} with writable path /${name}`,
            input: lens.set(input, {
              ...o,
              volumes: [...volumes, { name, ...source }],
              security: {
                ...security,
                readOnlyRootFilesystem: true,
                writablePaths: paths.includes(`/${name}`) ? paths : [...paths, `/${name}`],
              },
            }),
            path: `volumes[${volumes.length}].name`,
            code: "conflicting_options",
          };
        });
    },
    // A postStart sleep not shorter than the grace period (the API server refuses it).
    (input) => {
      const o = lens.get(input) as Obj;
      const cs = regular(o);
      if (cs.length === 0) return undefined;
      const grace = (o.terminationGracePeriodSeconds as number | undefined) ?? 30;
      return fc.tuple(fc.constantFrom(...cs), fc.integer({ min: 0, max: 100 })).map(([[g, i], extra]) => ({
        mutation: `postStart sleep ${grace + extra}`,
        input: lens.set(input, {
          ...o,
          [g]: list(o, [g]).map((c, j) =>
            j === i
              ? { ...c, lifecycle: { ...(c.lifecycle as object), postStart: { sleep: grace + extra } } }
              : c,
          ),
        }),
        path: `${g}[${i}].lifecycle.postStart.sleep`,
        code: "grace_period_too_short",
      }));
    },
    // CAP_SYS_ADMIN in the pod's list while privilege escalation is off, with a container that inherits the
    // pod's list (a container with a list of its own overrides it: that container is valid).
    (input) => {
      const o = lens.get(input) as Obj;
      const cs = regular(o);
      if (cs.length === 0) return undefined;
      return fc
        .tuple(fc.constantFrom(...cs), fc.constantFrom("CAP_SYS_ADMIN", "SYS_ADMIN"))
        .map(([[g, i], cap]) => ({
          mutation: `pod capability ${cap} inherited by ${g}[${i}]`,
          input: lens.set(input, {
            ...o,
            security: { ...(o.security as object), allowPrivilegeEscalation: false, addCapabilities: [cap] },
            [g]: list(o, [g]).map((c, j) => {
              if (j !== i || c.security === undefined) return c;
              const { addCapabilities: _a, allowPrivilegeEscalation: _p, ...own } = c.security as Obj;
              return { ...c, security: own };
            }),
          }),
          path: "security.addCapabilities[0]",
          code: "conflicting_options",
        }));
    },
  ];
}
