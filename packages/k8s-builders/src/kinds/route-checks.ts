/**
 * The rules HTTPRoute and GRPCRoute share, written once for both of the places they run: the builders' options
 * and the built (or patched) objects. The rules read small views (names with their paths); each side makes its
 * views. Also the checks of the fields both routes write, by their place in the CRD field map.
 */
import * as z from "zod/mini";
import { arr, type Json, obj } from "../base/object.ts";
import { dnsLabel, dnsSubdomain, port } from "../base/primitives.ts";
import type { FieldChecks } from "../base/structure.ts";
import type { RuleIssue } from "../base/validate.ts";
import { fieldCheck, gatewayHostname, headerName, headerValue, listLength } from "./gateway-api.ts";
import {
  backendRules,
  type HeaderModifier,
  type Parent,
  type ParentReference,
  parentRefRules,
  parentRefs,
} from "./route-parts.ts";

/** Names given twice in a list of header matches (header names compare case-insensitively). */
export function duplicateNames(
  items: readonly { name: unknown }[],
  at: readonly PropertyKey[],
  what: string,
  caseInsensitive: boolean,
): RuleIssue[] {
  const seen = new Set<unknown>();
  const issues: RuleIssue[] = [];
  items.forEach((item, i) => {
    const key = caseInsensitive && typeof item.name === "string" ? item.name.toLowerCase() : item.name;
    if (seen.has(key)) {
      issues.push({
        path: [...at, i, "name"],
        code: "duplicate",
        message: `${what} "${String(item.name)}" is matched twice`,
      });
    }
    seen.add(key);
  });
  return issues;
}

/** A header name of a modifier, with the path it is reported at. */
interface NameAt {
  readonly name: string;
  readonly at: readonly PropertyKey[];
}
/** A header modifier as its rules read it: the names of each list given. */
type ModifierView = Partial<Record<"set" | "add" | "remove", readonly NameAt[]>>;

/** A header modifier's rules: 1–16 headers per list, each header name once across set, add and remove. */
function modifierRules(m: ModifierView, at: readonly PropertyKey[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const seen = new Map<string, string>();
  for (const which of ["set", "add", "remove"] as const) {
    const names = m[which] ?? [];
    if (which !== "remove" && names.length > 16) {
      issues.push({
        path: [...at, which],
        code: "too_big",
        message: `at most 16 headers (got ${names.length})`,
      });
    }
    if (which !== "remove" && m[which] !== undefined && names.length === 0) {
      issues.push({
        path: [...at, which],
        code: "too_small",
        message: "give at least one header, or leave it out",
      });
    }
    for (const n of names) {
      const key = n.name.toLowerCase();
      const other = seen.get(key);
      if (other !== undefined) {
        issues.push({
          path: n.at,
          code: "duplicate",
          message: `header "${n.name}" is also in ${other} (header names are case-insensitive)`,
        });
      } else seen.set(key, which);
    }
  }
  if (m.set === undefined && m.add === undefined && m.remove === undefined) {
    issues.push({ path: [...at], code: "required", message: "give set, add or remove" });
  }
  return issues;
}

/** The rules of a header modifier of the options (`set`/`add` as maps of name to value). */
export function headerModifierRules(m: HeaderModifier, at: readonly PropertyKey[]): RuleIssue[] {
  const map = (which: "set" | "add", r: Record<string, string> | undefined) =>
    r === undefined ? undefined : Object.keys(r).map((name) => ({ name, at: [...at, which, name] }));
  const view: ModifierView = {};
  const set = map("set", m.set);
  const add = map("add", m.add);
  if (set !== undefined) view.set = set;
  if (add !== undefined) view.add = add;
  if (m.remove !== undefined) view.remove = m.remove.map((name, i) => ({ name, at: [...at, "remove", i] }));
  return modifierRules(view, at);
}

/** The rules of a header modifier of a route object (`set`/`add` as lists of `{ name, value }`). */
export function objectModifierRules(value: unknown, at: readonly PropertyKey[]): RuleIssue[] {
  const m = obj(value);
  const view: ModifierView = {};
  for (const which of ["set", "add", "remove"] as const) {
    if (m[which] === undefined) continue;
    view[which] = arr(m[which]).flatMap((item, i) => {
      const name = which === "remove" ? item : obj(item).name;
      if (typeof name !== "string") return [];
      return [{ name, at: which === "remove" ? [...at, which, i] : [...at, which, i, "name"] }];
    });
  }
  return modifierRules(view, at);
}

/** Rule names once per route, and at most 128 matches in all (the CRDs' rules). */
export function routeRulesRules(
  rules: readonly { readonly name: unknown; readonly matches: number }[],
  at: readonly PropertyKey[],
): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const names = new Set<unknown>();
  rules.forEach((r, i) => {
    if (r.name === undefined) return;
    if (names.has(r.name)) {
      issues.push({
        path: [...at, i, "name"],
        code: "duplicate",
        message: `rule name "${String(r.name)}" is used twice`,
      });
    }
    names.add(r.name);
  });
  const matches = rules.reduce((n, r) => n + r.matches, 0);
  // The CRDs' message says "less than 128", their CEL rule (what the API server checks) says `<= 128`.
  if (matches > 128) {
    issues.push({
      path: [...at],
      code: "too_big",
      message: `${matches} matches in all: at most 128 per route`,
    });
  }
  return issues;
}

/** The filter field of each filter type (`RequestHeaderModifier` → `requestHeaderModifier`). */
export function filterField(type: unknown): string | undefined {
  if (typeof type !== "string" || type === "") return undefined;
  if (type === "URLRewrite") return "urlRewrite";
  if (type === "CORS") return "cors";
  return type.charAt(0).toLowerCase() + type.slice(1);
}

/**
 * The filters of a rule of a route object: each has the field of its type and no other (the CRDs' rule); the
 * field each filter configures, in order (undefined for a filter the rules cannot read).
 */
export function objectFilters(
  filters: unknown,
  known: readonly string[],
  at: readonly PropertyKey[],
): { fields: (string | undefined)[]; issues: RuleIssue[] } {
  const issues: RuleIssue[] = [];
  const fields = arr(filters).map((f, j) => {
    const filter = obj(f);
    const field = filterField(filter.type);
    if (field === undefined) return undefined;
    if (filter[field] === undefined && known.includes(field)) {
      issues.push({
        path: [...at, j, field],
        code: "required",
        message: `a ${String(filter.type)} filter needs its ${field}`,
      });
    }
    for (const other of known) {
      if (other !== field && filter[other] !== undefined) {
        issues.push({
          path: [...at, j, other],
          code: "conflicting_options",
          message: `a ${String(filter.type)} filter has no ${other} (that is the field of another filter type)`,
        });
      }
    }
    return field;
  });
  return { fields, issues };
}

/** Filters that a rule has at most once. */
export function onceFilters(
  fields: readonly (string | undefined)[],
  once: readonly string[],
  at: readonly PropertyKey[],
): RuleIssue[] {
  const seen = new Set<string>();
  const issues: RuleIssue[] = [];
  fields.forEach((field, j) => {
    if (field === undefined || !once.includes(field)) return;
    if (seen.has(field)) {
      issues.push({ path: [...at, j], code: "duplicate", message: `a rule has at most one ${field} filter` });
    }
    seen.add(field);
  });
  return issues;
}

/**
 * The rules of a route object's parents, its rules' names and match count, its header modifiers and backends
 * (a Service backend names its port); `rule` adds the kind's own rules of one rule.
 */
export function routeObjectRules(
  o: Json,
  rule: (r: Json, at: readonly PropertyKey[]) => RuleIssue[],
): RuleIssue[] {
  const spec = obj(o.spec);
  const meta = obj(o.metadata);
  const namespace = typeof meta.namespace === "string" ? meta.namespace : undefined;
  const rules = arr(spec.rules).map(obj);
  const issues = [
    ...parentRefRules(arr(spec.parentRefs).map(obj) as Parent[], namespace, ["spec", "parentRefs"]),
    ...routeRulesRules(
      rules.map((r) => ({ name: r.name, matches: arr(r.matches).length })),
      ["spec", "rules"],
    ),
  ];
  rules.forEach((r, i) => {
    const at = ["spec", "rules", i];
    arr(r.filters).forEach((f, j) => {
      for (const which of ["requestHeaderModifier", "responseHeaderModifier"]) {
        const m = obj(f)[which];
        if (m !== undefined) issues.push(...objectModifierRules(m, [...at, "filters", j, which]));
      }
    });
    arr(r.backendRefs).forEach((b, j) => {
      const ref = obj(b);
      const service = (ref.group ?? "") === "" && (ref.kind ?? "Service") === "Service";
      if (service && ref.port === undefined) {
        issues.push({
          path: [...at, "backendRefs", j, "port"],
          code: "required",
          message: "a backend Service needs its port",
        });
      }
    });
    issues.push(...rule(r, at));
  });
  return issues;
}

/** The checks of the fields both route kinds write, under `root` (`gateway/v1.HTTPRoute`). */
export function routeFieldChecks(root: string): FieldChecks {
  const spec = `${root}.spec`;
  const rules = `${spec}.rules`;
  const checks: Record<string, FieldChecks[string]> = {
    [`${spec}.parentRefs`]: listLength(1, 32),
    [`${spec}.parentRefs.name`]: fieldCheck(() => dnsSubdomain),
    [`${spec}.parentRefs.namespace`]: fieldCheck(() => dnsLabel),
    [`${spec}.parentRefs.sectionName`]: fieldCheck(() => dnsSubdomain),
    [`${spec}.parentRefs.port`]: fieldCheck(() => port),
    [`${spec}.hostnames`]: fieldCheck(() => z.array(gatewayHostname).check(z.minLength(1), z.maxLength(16))),
    [rules]: listLength(1, 16),
    [`${rules}.name`]: fieldCheck(() => dnsSubdomain),
    [`${rules}.matches`]: listLength(1, 64),
    [`${rules}.matches.headers`]: listLength(1, 16),
    [`${rules}.matches.headers.name`]: fieldCheck(() => headerName),
    [`${rules}.matches.headers.value`]: fieldCheck(() => headerValue),
    [`${rules}.matches.headers.type`]: fieldCheck(() => z.enum(["Exact", "RegularExpression"])),
    [`${rules}.backendRefs`]: listLength(1, 16),
    [`${rules}.backendRefs.name`]: fieldCheck(() => dnsSubdomain),
    [`${rules}.backendRefs.namespace`]: fieldCheck(() => dnsLabel),
    [`${rules}.backendRefs.port`]: fieldCheck(() => port),
    [`${rules}.backendRefs.weight`]: fieldCheck(() => z.number().check(z.int(), z.gte(0), z.lte(1_000_000))),
  };
  for (const which of ["requestHeaderModifier", "responseHeaderModifier"]) {
    const m = `${rules}.filters.${which}`;
    checks[`${m}.set.name`] = fieldCheck(() => headerName);
    checks[`${m}.set.value`] = fieldCheck(() => headerValue);
    checks[`${m}.add.name`] = fieldCheck(() => headerName);
    checks[`${m}.add.value`] = fieldCheck(() => headerValue);
    checks[`${m}.remove`] = fieldCheck(() => z.array(headerName).check(z.minLength(1), z.maxLength(16)));
  }
  return checks;
}

/** The options both routes share, as parsed. */
interface ParsedRoute<Rule> {
  readonly parentRefs: readonly Parent[];
  readonly namespace?: string | undefined;
  readonly hostnames?: readonly string[] | undefined;
  readonly rules: readonly Rule[];
}

/** What the options' rules read of a rule of either route. */
interface ParsedRouteRule {
  readonly name?: string | undefined;
  readonly matches?: readonly unknown[] | undefined;
  readonly filters?: readonly object[] | undefined;
  readonly backends?: readonly Parameters<typeof backendRules>[0][] | undefined;
}

/**
 * The rules of a route's options: its parents, its rules' names and match counts, and in each rule (at
 * `rules[i]`) the route's own (`ruleRules`), then its header modifiers' and its backends'.
 */
export function routeOptionRules<Rule extends ParsedRouteRule>(
  p: ParsedRoute<Rule>,
  ruleRules: (r: Rule, at: readonly PropertyKey[]) => RuleIssue[],
): RuleIssue[] {
  const names = p.rules.map((r) => ({ name: r.name, matches: r.matches?.length ?? 0 }));
  return [
    ...parentRefRules(p.parentRefs, p.namespace),
    ...routeRulesRules(names, ["rules"]),
    ...p.rules.flatMap((r, i) => {
      const at = ["rules", i];
      const modifiers = (r.filters ?? []).flatMap((f, j) =>
        (["requestHeaderModifier", "responseHeaderModifier"] as const).flatMap((field) =>
          field in f
            ? headerModifierRules((f as Record<typeof field, HeaderModifier>)[field], [
                ...at,
                "filters",
                j,
                field,
              ])
            : [],
        ),
      );
      const backends = (r.backends ?? []).flatMap((b, j) => backendRules(b, [...at, "backends", j]));
      return [...ruleRules(r, at), ...modifiers, ...backends];
    }),
  ];
}

/** The spec of either route: its parents, host names and `rules`. */
export function routeSpec<Rule>(
  o: ParsedRoute<unknown>,
  rules: Rule[],
): { parentRefs: ParentReference[]; hostnames?: string[]; rules: Rule[] } {
  return {
    parentRefs: parentRefs(o.parentRefs, o.namespace),
    ...(o.hostnames === undefined ? {} : { hostnames: [...o.hostnames] }),
    rules,
  };
}
