/**
 * Environments: `production` is the seed's numbers, the defaults of every field. `staging` is an overlay on it:
 * one replica where that is safe, smaller resources, its own host. A user's values file is merged on top.
 */
import {
  budgetBlocksDrains,
  K8sBuilderError,
  type Manifest,
  type OptionIssue,
  parseOptions,
  type RuleIssue,
} from "@call-center/k8s-builders";
import { callCenter } from "./bundle.ts";
import { type CallCenterConfig, type CallCenterValues, configSchema, valuesSchema } from "./config.ts";
import { configPathOf } from "./config-paths.ts";
import { production } from "./production.ts";
import { closest } from "./suggest.ts";

/** Staging: one replica where no live calls depend on it, smaller resources, its own host and namespace. */
export const stagingOverlay: CallCenterValues = {
  namespace: "call-center-staging",
  environment: "staging",
  host: "staging.calls.example.com",
  appConfig: { LOG_LEVEL: "debug" },
  callProcessor: {
    replicas: 1,
    resources: { requests: { memory: "128Mi", cpu: "100m" }, limits: { memory: "256Mi", cpu: "250m" } },
    autoscaling: { minReplicas: 1, maxReplicas: 3 },
    shutdown: { terminationGracePeriodSeconds: 300 },
  },
  adminApi: {
    replicas: 1,
    resources: { requests: { memory: "64Mi", cpu: "50m" }, limits: { memory: "128Mi", cpu: "100m" } },
    // With one replica, minAvailable 1 would block every node drain: no PDB in staging.
    disruptionBudget: { minAvailable: 0 },
  },
  postgres: {
    storage: "2Gi",
    resources: { requests: { memory: "128Mi", cpu: "100m" }, limits: { memory: "512Mi", cpu: "500m" } },
  },
  redis: { storage: "512Mi" },
  ingress: { tlsSecretName: "call-center-staging-tls" },
  monitoring: { retention: "3d" },
};

/** The environments by name: the overlay each one merges over `production`. */
export const ENVIRONMENTS = { production: {}, staging: stagingOverlay } as const satisfies Record<
  string,
  CallCenterValues
>;
/** The name of an environment: `production` or `staging`. */
export type EnvironmentName = keyof typeof ENVIRONMENTS;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Merges `overlay` into `base`: objects recursively; arrays, scalars and records' values replace. */
export function deepMerge<T>(base: T, overlay: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(overlay)) return (overlay === undefined ? base : overlay) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(overlay)) {
    if (v === undefined) continue;
    out[k] = k in base ? deepMerge((base as Record<string, unknown>)[k], v) : v;
  }
  return out as T;
}

/**
 * The configuration of an environment with a user's values merged over it, validated: a bad values file
 * throws one K8sBuilderError (builder `values`) listing every problem at once, each at its path in the values
 * file — the schema's, the configuration rules' and the builders' alike. A configuration it returns builds.
 *
 * @example
 * const config = resolveConfig("staging", { host: "staging.acme.com" });
 */
export function resolveConfig(env: EnvironmentName = "production", values: unknown = {}): CallCenterConfig {
  const { config, issues } = resolveValues(env, values);
  if (config === undefined || issues.length > 0) throw new K8sBuilderError("values", undefined, issues);
  return config;
}

/** An environment's name, or `undefined` (`__proto__`, `constructor` and other inherited keys are not). */
export function environmentNamed(name: string): EnvironmentName | undefined {
  return Object.hasOwn(ENVIRONMENTS, name) ? (name as EnvironmentName) : undefined;
}

/** The message for an unknown environment, with the closest name when there is one. */
export function unknownEnvironment(name: string): string {
  const names = Object.keys(ENVIRONMENTS);
  const near = closest(name, names);
  return `unknown environment "${name}" (expected ${names.join(" or ")}${near === undefined ? "" : `; did you mean "${near}"?`})`;
}

/**
 * Every problem of a values file in one pass, and the configuration of what is left. Each stage — the values
 * schema, the configuration's rules over the merged values, the builders — reports what it finds at the values
 * path; the offending part of the file is then set aside (reverting to the environment's value) and the stages
 * run again, so that problems a later stage would find are reported too. `config` is the configuration without
 * the bad parts (`undefined` when nothing could be built), `objects` its bundle (`callCenter(config)`).
 */
export function resolveValues(
  env: EnvironmentName,
  values: unknown,
): { config: CallCenterConfig | undefined; objects: Manifest[]; issues: OptionIssue[] } {
  if (environmentNamed(env) === undefined) {
    throw new K8sBuilderError("resolveConfig", undefined, [
      { path: "env", code: "unknown_environment", message: unknownEnvironment(String(env)) },
    ]);
  }
  const issues: OptionIssue[] = [];
  const seen = new Set<string>();
  let user = values;
  // Each round sets aside at least one part of the file, so the rounds end; the cap is a guard.
  for (let round = 0; round < 100; round++) {
    let found: OptionIssue[] = [];
    let config: CallCenterConfig | undefined;
    try {
      // No values (the usual run): nothing to check, and the values schema is not built (~15 ms).
      const checked = isEmptyMap(user) ? {} : parseOptions("values", valuesSchema(), user);
      const merged = deepMerge(deepMerge(production, ENVIRONMENTS[env]), checked);
      config = parseOptions("callCenter config", configSchema(), merged, configRules);
    } catch (e) {
      if (!K8sBuilderError.is(e)) throw e;
      found = e.issues.map((i) =>
        i.code === "unknown_option" ? withSuggestion(i) : withValueSuggestion(i, user),
      );
    }
    if (config !== undefined) {
      try {
        // Built here to find the builders' problems; the caller prints these objects rather than build again.
        return { config, objects: callCenter(config), issues };
      } catch (e) {
        if (!K8sBuilderError.is(e)) throw e;
        found = e.issues.map((i) => builderIssue(e, i));
      }
    }
    for (const i of found) {
      const key = `${i.path}\u0000${i.code}\u0000${i.message}`;
      if (!seen.has(key)) {
        seen.add(key);
        issues.push(i);
      }
    }
    const next = found.reduce<unknown>((v, i) => without(v, parsePath(i.path)), user);
    if (next === user) break;
    user = next;
  }
  return { config: undefined, objects: [], issues };
}

const isEmptyMap = (v: unknown): boolean =>
  v !== null &&
  typeof v === "object" &&
  Object.getPrototypeOf(v) === Object.prototype &&
  Reflect.ownKeys(v).length === 0;

/** A builder's problem at the values path it came from; unmapped ones keep the object and option in the text. */
function builderIssue(e: K8sBuilderError, i: OptionIssue): OptionIssue {
  const { path, exact } = configPathOf(e.builder, e.objectName, i.path);
  if (exact) return { ...i, path };
  const object = e.objectName === undefined ? e.builder : `${e.builder} "${e.objectName}"`;
  return { ...i, path, message: `${i.message} (in ${object}${i.path === "" ? "" : `, option ${i.path}`})` };
}

/** An unknown key's issue with the closest key the configuration has at that level. */
function withSuggestion(i: OptionIssue): OptionIssue {
  const segments = parsePath(i.path);
  const key = segments.at(-1);
  if (typeof key !== "string") return i;
  const near = closest(key, keysAt(segments.slice(0, -1)));
  return near === undefined ? i : { ...i, message: `unknown option "${key}" (did you mean "${near}"?)` };
}

/** A misspelt value of a fixed set (`ingress.controller: ngnix`): the issue with the closest allowed value. */
function withValueSuggestion(i: OptionIssue, values: unknown): OptionIssue {
  const segments = parsePath(i.path);
  const def = defAt(segments);
  if (def?.type !== "enum" || def.entries === undefined) return i;
  let given: unknown = values;
  for (const s of segments) {
    given =
      given !== null && typeof given === "object" && Object.hasOwn(given, s)
        ? (given as Record<PropertyKey, unknown>)[s]
        : undefined;
  }
  if (typeof given !== "string") return i;
  const near = closest(given, Object.values(def.entries).map(String));
  return near === undefined ? i : { ...i, message: `${i.message} (did you mean "${near}"?)` };
}

type SchemaDef = {
  type: string;
  shape?: Record<string, { _zod: { def: SchemaDef } }>;
  innerType?: { _zod: { def: SchemaDef } };
  getter?: () => { _zod: { def: SchemaDef } };
  entries?: Record<string, string | number>;
};

/** The configuration schema's definition at a path (past optional and lazy wrappers), if it has one there. */
function defAt(segments: readonly PropertyKey[]): SchemaDef | undefined {
  let def = (configSchema() as unknown as { _zod: { def: SchemaDef } })._zod.def;
  for (const s of [...segments, undefined]) {
    for (;;) {
      if (def.type === "optional" && def.innerType !== undefined) def = def.innerType._zod.def;
      else if (def.type === "lazy" && def.getter !== undefined) def = def.getter()._zod.def;
      else break;
    }
    if (s === undefined) return def;
    if (def.type !== "object" || def.shape === undefined) return undefined;
    const next = typeof s === "string" && Object.hasOwn(def.shape, s) ? def.shape[s] : undefined;
    if (next === undefined) return undefined;
    def = next._zod.def;
  }
  return undefined;
}

/** The keys the configuration schema has at a path (empty where it takes any key). */
function keysAt(segments: readonly PropertyKey[]): string[] {
  const def = defAt(segments);
  return def?.type === "object" && def.shape !== undefined ? Object.keys(def.shape) : [];
}

/** The segments of a path as the library writes it: `a.b[0]["c.d"]` → `["a", "b", 0, "c.d"]`. */
function parsePath(path: string): PropertyKey[] {
  const out: PropertyKey[] = [];
  const re = /(?:^|\.)([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/gy;
  let m: RegExpExecArray | null = re.exec(path);
  while (m !== null) {
    out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3] ?? '""') as string)));
    if (re.lastIndex >= path.length) return out;
    m = re.exec(path);
  }
  return out;
}

/**
 * `values` without the part of the user's that a problem at `segments` points into: the deepest key on the
 * way that the file sets (a whole list rather than one of its items). The same object when the file sets
 * nothing on the way (the problem came from the environment's values alone).
 */
function without(values: unknown, segments: readonly PropertyKey[]): unknown {
  const [head, ...rest] = segments;
  if (head === undefined || !isPlainObject(values) || !Object.hasOwn(values, head as string)) return values;
  const child = values[head as string];
  const inner = rest.length > 0 && isPlainObject(child) ? without(child, rest) : undefined;
  const out: Record<string, unknown> = { ...values };
  if (inner !== undefined && inner !== child) out[head as string] = inner;
  else delete out[head as string];
  return out;
}

/** Rules across fields of the configuration. */
function configRules(c: CallCenterConfig): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const a = c.callProcessor.autoscaling;
  if (a.enabled && a.minReplicas > a.maxReplicas) {
    issues.push({
      path: ["callProcessor", "autoscaling", "minReplicas"],
      code: "min_above_max",
      message: `minReplicas (${a.minReplicas}) is more than maxReplicas (${a.maxReplicas})`,
    });
  }
  if (
    c.callProcessor.shutdown.preStopDelaySeconds >= c.callProcessor.shutdown.terminationGracePeriodSeconds
  ) {
    issues.push({
      path: ["callProcessor", "shutdown", "preStopDelaySeconds"],
      code: "grace_period_too_short",
      message: `preStopDelaySeconds (${c.callProcessor.shutdown.preStopDelaySeconds}) must be below terminationGracePeriodSeconds (${c.callProcessor.shutdown.terminationGracePeriodSeconds})`,
    });
  }
  const budget = c.adminApi.disruptionBudget.minAvailable;
  if (budgetBlocksDrains({ minAvailable: budget }, c.adminApi.replicas) !== undefined) {
    issues.push({
      path: ["adminApi", "disruptionBudget", "minAvailable"],
      code: "blocks_drains",
      message: `minAvailable (${budget}) is not below adminApi.replicas (${c.adminApi.replicas}): every node drain would block (use 0 for no PDB)`,
    });
  }
  if (c.callProcessor.audioSocket.nodePort !== undefined && c.callProcessor.audioSocket.type !== "NodePort") {
    issues.push({
      path: ["callProcessor", "audioSocket", "nodePort"],
      code: "conflicting_options",
      message: "nodePort is set but audioSocket.type is LoadBalancer",
    });
  }
  return issues;
}
