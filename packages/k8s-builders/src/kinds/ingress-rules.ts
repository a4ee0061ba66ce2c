/**
 * The rules of an Ingress, written once for the options of `ingress` and for a built or patched Ingress object
 * (`INGRESS_CHECKS`, which `patch()` applies too), and the schemas of its values.
 */
import * as z from "zod/mini";
import { inputText } from "../base/errors.ts";
import { isIpv4 } from "../base/ip.ts";
import { arr, isObj, type Json, obj } from "../base/object.ts";
import { once, primitive } from "../base/options.ts";
import { dns1035Label, dnsSubdomain, HOSTNAME, port, portName } from "../base/primitives.ts";
import type { FieldChecks } from "../base/structure.ts";
import type { RuleIssue } from "../base/validate.ts";
import type { KindChecks } from "./object-checks.ts";

/** A DNS host name, optionally a wildcard (`*.example.com`). */
export const HostSchema: z.ZodMiniLazy<z.ZodMiniString<string>> = primitive("host name", () =>
  z.string().check(
    z.refine((s) => s.length <= 253 && HOSTNAME.test(s), {
      error: (i) => `"${inputText(i.input)}" is not a host name (e.g. "calls.example.com")`,
    }),
  ),
);

/** An Ingress path as the builder takes it: absolute, without spaces or braces. */
export const ingressPath = once(() =>
  z
    .string()
    .check(
      z.regex(/^\/[^\s{}]*$/, { error: "expected an absolute path without spaces or braces, e.g. /api" }),
    ),
);

export const pathType = once(() => z.enum(["Prefix", "Exact", "ImplementationSpecific"]));

/** The annotation older controllers read the class from; the API server wants it equal to `ingressClassName`. */
export const CLASS_ANNOTATION = "kubernetes.io/ingress.class";

/** The fields of an Ingress that its rules read, from the options or from a built or patched object. */
export interface IngressView {
  readonly ingressClassName?: unknown;
  readonly annotations?: Readonly<Record<string, unknown>> | undefined;
  readonly tls?: readonly { readonly hosts?: unknown }[] | undefined;
  readonly rules: readonly {
    readonly host?: unknown;
    readonly paths: readonly { readonly path?: unknown; readonly pathType?: unknown }[];
  }[];
}

/** Where the fields of an {@link IngressView} are, for the issues: in the options, or in the object. */
export interface IngressPaths {
  readonly classAnnotation: readonly PropertyKey[];
  readonly host: (rule: number) => readonly PropertyKey[];
  readonly path: (rule: number, path: number) => readonly PropertyKey[];
}

export const OPTION_PATHS: IngressPaths = {
  classAnnotation: ["annotations", CLASS_ANNOTATION],
  host: (i) => ["rules", i, "host"],
  path: (i, j) => ["rules", i, "paths", j, "path"],
};

const OBJECT_PATHS: IngressPaths = {
  classAnnotation: ["metadata", "annotations", CLASS_ANNOTATION],
  host: (i) => ["spec", "rules", i, "host"],
  path: (i, j) => ["spec", "rules", i, "http", "paths", j, "path"],
};

/** What the API server refuses in a `Prefix` or `Exact` path: it must be canonical. */
const NON_CANONICAL = ["//", "/./", "/../", "%2f", "%2F"];
const NON_CANONICAL_END = ["/..", "/."];

function nonCanonical(path: string): string | undefined {
  const inside = NON_CANONICAL.find((seq) => path.includes(seq));
  if (inside !== undefined) return `contains "${inside}"`;
  const end = NON_CANONICAL_END.find((suffix) => path.endsWith(suffix));
  return end === undefined ? undefined : `ends with "${end}"`;
}

/**
 * The rules of an Ingress across its fields, on the options and on a built or patched object: a rule's host is a
 * DNS name, `Prefix`/`Exact` paths are canonical, no path routed twice, with TLS every routed host has its
 * certificate, and the class annotation agrees with `ingressClassName`.
 */
export function ingressSpecRules(p: IngressView, at: IngressPaths): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const seen = new Map<string, string>();
  p.rules.forEach((r, i) => {
    const host = typeof r.host === "string" && r.host !== "" ? r.host : undefined;
    if (host !== undefined && isIpv4(host)) {
      issues.push({
        path: at.host(i),
        code: "invalid_format",
        message: `${host} is an IP address: a rule's host must be a DNS name (leave host out to match every host)`,
      });
    }
    r.paths.forEach((path, j) => {
      if (typeof path.path !== "string") return;
      const why = path.pathType === "ImplementationSpecific" ? undefined : nonCanonical(path.path);
      if (why !== undefined) {
        issues.push({
          path: at.path(i, j),
          code: "invalid_format",
          message: `${String(path.pathType)} path ${path.path} ${why}: the API server accepts only canonical paths (or use pathType ImplementationSpecific)`,
        });
      }
      const key = `${host ?? "*"} ${path.path} ${String(path.pathType)}`;
      if (seen.has(key))
        issues.push({
          path: at.path(i, j),
          code: "duplicate",
          message: `path ${path.path} on host ${host ?? "*"} is routed twice (also at ${seen.get(key)})`,
        });
      seen.set(key, `rules[${i}].paths[${j}]`);
    });
  });
  if (p.tls !== undefined) {
    const tlsHosts = new Set(p.tls.flatMap((t) => arr(t.hosts)));
    p.rules.forEach((r, i) => {
      if (typeof r.host === "string" && r.host !== "" && !tlsHosts.has(r.host)) {
        issues.push({
          path: at.host(i),
          code: "host_without_tls",
          message: `host ${r.host} is routed but not listed in tls[].hosts: it would be served without its certificate`,
        });
      }
    });
  }
  const annotated = p.annotations?.[CLASS_ANNOTATION];
  if (annotated !== undefined && p.ingressClassName !== undefined && annotated !== p.ingressClassName) {
    issues.push({
      path: at.classAnnotation,
      code: "conflicting_options",
      message: `the ${CLASS_ANNOTATION} annotation (${inputText(annotated)}) must equal ingressClassName (${inputText(p.ingressClassName)}): the API server refuses both set to different classes`,
    });
  }
  return issues;
}

const ingressFields = once(
  (): FieldChecks => ({
    "networking/v1.IngressSpec.ingressClassName": dnsSubdomain,
    "networking/v1.IngressTLS.hosts": z.array(HostSchema),
    "networking/v1.IngressTLS.secretName": dnsSubdomain,
    "networking/v1.IngressRule.host": HostSchema,
    "networking/v1.HTTPIngressPath.path": ingressPath(),
    "networking/v1.HTTPIngressPath.pathType": pathType(),
    "networking/v1.IngressServiceBackend.name": dns1035Label,
    "networking/v1.ServiceBackendPort.name": portName,
    "networking/v1.ServiceBackendPort.number": port,
  }),
);

/** A backend of a path or the default one: a Service with a port by name or number, or a resource; not both. */
function backendIssues(backend: unknown, at: readonly PropertyKey[]): RuleIssue[] {
  const b = obj(backend);
  if (!isObj(backend) || (b.service === undefined) === (b.resource === undefined)) {
    return [
      {
        path: at,
        code: "invalid_value",
        message: "expected a backend with a service or a resource, not both",
      },
    ];
  }
  if (b.service === undefined) return [];
  const p = obj(obj(b.service).port);
  return (p.name === undefined) === (p.number === undefined)
    ? [
        {
          path: [...at, "service", "port"],
          code: "invalid_value",
          message: "expected the Service port by name or by number (one of them)",
        },
      ]
    : [];
}

/** What the checks of a built or patched Ingress add to every object's: its builder's rules, on the object. */
export const INGRESS_CHECKS: KindChecks = {
  get fields() {
    return ingressFields();
  },
  rules: (o: Json) => {
    if (!isObj(o.spec)) {
      return [
        { path: ["spec"], code: "required", message: "required: an Ingress has a spec with its rules" },
      ];
    }
    const spec = o.spec;
    const issues: RuleIssue[] = [];
    const rules = arr(spec.rules).map(obj);
    if (rules.length === 0) {
      issues.push({
        path: ["spec", "rules"],
        code: "too_small",
        message: "expected at least one rule (a host and the paths it routes)",
      });
    }
    if (spec.defaultBackend !== undefined)
      issues.push(...backendIssues(spec.defaultBackend, ["spec", "defaultBackend"]));
    const view: IngressView = {
      ingressClassName: spec.ingressClassName,
      annotations: obj(obj(o.metadata).annotations),
      ...(spec.tls === undefined ? {} : { tls: arr(spec.tls).map(obj) }),
      rules: rules.map((r, i) => {
        const paths = arr(obj(r.http).paths).map(obj);
        if (paths.length === 0) {
          issues.push({
            path: ["spec", "rules", i, "http", "paths"],
            code: "too_small",
            message: "expected at least one path in every rule",
          });
        }
        paths.forEach((p, j) => {
          const at = ["spec", "rules", i, "http", "paths", j];
          for (const field of ["path", "pathType"] as const) {
            if (p[field] === undefined)
              issues.push({
                path: [...at, field],
                code: "required",
                message: `required: every path has a ${field}`,
              });
          }
          issues.push(...backendIssues(p.backend, [...at, "backend"]));
        });
        return { host: r.host, paths };
      }),
    };
    issues.push(...ingressSpecRules(view, OBJECT_PATHS));
    return issues;
  },
};
