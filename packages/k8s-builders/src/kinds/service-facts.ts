/** What builders read from a Service object they were given (name, namespace, labels, ports): monitoring targets, route backends. */
import type { Service } from "kubernetes-types/core/v1.js";
import * as z from "zod/mini";
import { once } from "../base/options.ts";
import { serviceProblem } from "../base/source-object.ts";

export interface ServiceFacts {
  readonly name: string;
  readonly namespace: string | undefined;
  readonly labels: Record<string, string>;
  readonly ports: readonly { readonly name: string | undefined; readonly port: number }[];
}

/** Reads the facts of a Service; undefined when it is not a Service with a name and ports. */
export function serviceFacts(s: unknown): ServiceFacts | undefined {
  if (s === null || typeof s !== "object") return undefined;
  const o = s as Partial<Service>;
  const name = o.metadata?.name;
  if (o.kind !== "Service" || typeof name !== "string" || !Array.isArray(o.spec?.ports)) return undefined;
  if (serviceProblem(o as Record<string, unknown>) !== undefined) return undefined;
  return {
    name,
    namespace: o.metadata?.namespace,
    labels: { ...(o.metadata?.labels ?? {}) },
    ports: o.spec.ports.map((p) => ({ name: p.name, port: p.port })),
  };
}

/** Why `s` is not a Service that builders can read, for error messages. */
export function serviceObjectError(s: unknown): string {
  const base =
    "expected a Service object (kind Service with metadata.name and spec.ports), e.g. from serviceFor";
  if (s === null || typeof s !== "object" || (s as Service).kind !== "Service") return base;
  const problem = serviceProblem(s as Record<string, unknown>);
  return problem === undefined ? base : `${base}; this one has ${problem}`;
}

/** A Service object passed in (for example from `serviceFor`), so its name, namespace and ports are not typed twice. */
export const serviceObject: () => z.ZodMiniCustom<Service, Service> = once(() =>
  z.custom<Service>((v) => serviceFacts(v) !== undefined, {
    error: (i) => serviceObjectError(i.input),
  }),
);

/** The names of a Service's ports, for error messages. */
export function portNames(f: ServiceFacts): string {
  return f.ports.map((p) => p.name ?? `(unnamed ${p.port})`).join(", ") || "none";
}
