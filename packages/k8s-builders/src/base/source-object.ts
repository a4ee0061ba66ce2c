/**
 * Checks of the objects that derivations read (`serviceFor(workload)`, `roleBindingFor(role)`,
 * `serviceMonitorFor(service)`…): such an object may have been patched, read from YAML or written by hand, so
 * every field a derivation copies into its own object is checked first. Each check returns the first problem as
 * `<path in the object>: <what is wrong>`, or undefined when the object is fine.
 */
import { inputText } from "./errors.ts";
import {
  INT32_MAX,
  isDnsLabel,
  isDnsSubdomain,
  isLabelKey,
  isLabelValue,
  isPortName,
  PROTOCOLS,
} from "./primitives.ts";

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === "string" ? JSON.stringify(v) : inputText(v));

/** A map of label keys to label values (`metadata.labels`, `spec.selector.matchLabels`). */
export function labelMapProblem(v: unknown, at: string, nonEmpty = false): string | undefined {
  if (!isObject(v)) return `${at}: expected a map of labels, got ${text(v)}`;
  const entries = Object.entries(v);
  if (nonEmpty && entries.length === 0) return `${at}: expected at least one label`;
  for (const [k, value] of entries) {
    if (!isLabelKey(k)) return `${at}: ${JSON.stringify(k)} is not a label key`;
    if (typeof value !== "string" || !isLabelValue(value))
      return `${at}[${JSON.stringify(k)}]: ${text(value)} is not a label value`;
  }
  return undefined;
}

/**
 * `metadata`: a name (a DNS subdomain of at most 63 characters: the name of every object built here), an optional
 * namespace (a DNS label) and optional labels.
 */
export function metadataProblem(meta: unknown): string | undefined {
  if (!isObject(meta)) return `metadata: expected an object, got ${text(meta)}`;
  const { name, namespace, labels } = meta;
  if (typeof name !== "string" || !isDnsSubdomain(name, 63))
    return `metadata.name: ${text(name)} is not an object name (a DNS subdomain of at most 63 characters)`;
  if (namespace !== undefined && (typeof namespace !== "string" || !isDnsLabel(namespace)))
    return `metadata.namespace: ${text(namespace)} is not a namespace name (a DNS label)`;
  if (labels !== undefined) return labelMapProblem(labels, "metadata.labels");
  return undefined;
}

/** A whole number in `min`…`max`. */
function intProblem(v: unknown, at: string, min: number, max: number, what: string): string | undefined {
  return typeof v === "number" && Number.isInteger(v) && v >= min && v <= max
    ? undefined
    : `${at}: ${text(v)} is not ${what} (a whole number ${min}–${max})`;
}

/** A list of ports (`containers[].ports`, a Service's `spec.ports`): objects with a number, a name, a protocol. */
export function portListProblem(
  v: unknown,
  at: string,
  numberField: "containerPort" | "port",
): string | undefined {
  if (!Array.isArray(v)) return `${at}: expected a list of ports, got ${text(v)}`;
  for (const [i, p] of v.entries()) {
    const here = `${at}[${i}]`;
    if (!isObject(p)) return `${here}: expected a port object, got ${text(p)}`;
    const n = intProblem(p[numberField], `${here}.${numberField}`, 1, 65535, "a port");
    if (n !== undefined) return n;
    if (p.name !== undefined && (typeof p.name !== "string" || !isPortName(p.name)))
      return `${here}.name: ${text(p.name)} is not a port name`;
    if (p.protocol !== undefined && !(PROTOCOLS as readonly unknown[]).includes(p.protocol))
      return `${here}.protocol: ${text(p.protocol)} is not TCP, UDP or SCTP`;
  }
  return undefined;
}

/**
 * A Deployment's or StatefulSet's fields that `serviceFor`, `hpaFor` and `pdbFor` read: metadata, the selector's
 * labels, `replicas`, and the ports of the pod template's containers.
 */
export function workloadProblem(w: Obj): string | undefined {
  const meta = metadataProblem(w.metadata);
  if (meta !== undefined) return meta;
  const spec = w.spec;
  if (!isObject(spec)) return `spec: expected an object, got ${text(spec)}`;
  const selector = isObject(spec.selector) ? spec.selector.matchLabels : spec.selector;
  const sel = labelMapProblem(selector, "spec.selector.matchLabels", true);
  if (sel !== undefined) return sel;
  if (spec.replicas !== undefined) {
    const r = intProblem(spec.replicas, "spec.replicas", 0, INT32_MAX, "a replica count");
    if (r !== undefined) return r;
  }
  const template = spec.template;
  if (!isObject(template)) return `spec.template: expected an object, got ${text(template)}`;
  const pod = template.spec;
  if (!isObject(pod)) return `spec.template.spec: expected an object, got ${text(pod)}`;
  if (!Array.isArray(pod.containers))
    return `spec.template.spec.containers: expected a list of containers, got ${text(pod.containers)}`;
  for (const [i, c] of pod.containers.entries()) {
    const at = `spec.template.spec.containers[${i}]`;
    if (!isObject(c)) return `${at}: expected a container object, got ${text(c)}`;
    if (c.ports !== undefined) {
      const p = portListProblem(c.ports, `${at}.ports`, "containerPort");
      if (p !== undefined) return p;
    }
  }
  return undefined;
}

/** A Service's fields that builders read: metadata and `spec.ports`. */
export function serviceProblem(s: Obj): string | undefined {
  const meta = metadataProblem(s.metadata);
  if (meta !== undefined) return meta;
  const spec = s.spec;
  if (!isObject(spec)) return `spec: expected an object, got ${text(spec)}`;
  return portListProblem(spec.ports, "spec.ports", "port");
}
