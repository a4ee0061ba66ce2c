// What the API server adds to or changes in the objects we send: found by reading the applied objects back,
// written as a table into docs/serialization.md (between the `server-defaults` markers), with a verdict per
// field: whether the builders should write it themselves.
import { isDeepStrictEqual } from "node:util";
import type { Json } from "./server.ts";

/** Set by the server for every object, or by controllers: never ours to write. */
const BOOKKEEPING = new Set([
  "metadata.uid",
  "metadata.resourceVersion",
  "metadata.generation",
  "metadata.creationTimestamp",
  "metadata.managedFields",
  "status",
]);

export interface Change {
  /** `added` (we did not write it), `changed` (the server normalized our value) or `dropped` (not kept as written). */
  readonly how: "added" | "changed" | "dropped";
  /** Path with list indices as `[]`. */
  readonly path: string;
  readonly value: unknown;
  readonly ours?: unknown;
}

const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const key = (at: string, k: string) =>
  /^[A-Za-z_][\w]*$/.test(k) ? (at === "" ? k : `${at}.${k}`) : `${at}[${JSON.stringify(k)}]`;

/** The fields of `server` (the object read back) that `ours` (what we sent) does not have or has otherwise. */
export function serverChanges(ours: unknown, server: unknown, at = ""): Change[] {
  if (BOOKKEEPING.has(at) || at.endsWith(".status")) return [];
  if (ours === undefined) return [{ how: "added", path: at, value: server }];
  if (server === undefined) return [{ how: "dropped", path: at, value: undefined, ours }];
  if (isObj(server) && isObj(ours)) {
    const keys = [...new Set([...Object.keys(server), ...Object.keys(ours)])];
    return keys.flatMap((k) => serverChanges(ours[k], server[k], key(at, k)));
  }
  if (Array.isArray(server) && Array.isArray(ours) && server.length === ours.length) {
    return server.flatMap((v, i) => serverChanges(ours[i], v, `${at}[]`));
  }
  return isDeepStrictEqual(ours, server) ? [] : [{ how: "changed", path: at, value: server, ours }];
}

const ALLOCATED = "(allocated per object)";
const DEFAULT = "No: the API default is what we mean; writing it adds only noise to every manifest.";

/**
 * Whether we should write a field the server adds, by path (pod template fields as `spec.template.spec.…`),
 * and, for values the server allocates, the example shown instead of this run's value.
 * A field without a verdict fails the test: decide, then add it here.
 */
export const VERDICTS: Readonly<Record<string, { verdict: string; example?: string }>> = podTemplates({
  data: {
    verdict:
      "No: we write `stringData` (placeholders people can read); the server stores it base64-encoded in `data`.",
  },
  stringData: { verdict: "Yes, as written: the server moves it into `data` (see above)." },
  'metadata.labels["kubernetes.io/metadata.name"]': {
    verdict: "No: the server sets it on every Namespace, equal to the name.",
    example: "(the Namespace's name)",
  },
  spec: { verdict: "No: the Namespace finalizer is the server's." },
  "spec.allocateLoadBalancerNodePorts": { verdict: DEFAULT },
  "spec.clusterIP": {
    verdict: "No: allocated by the server; a written address is pinned for the Service's life (immutable).",
    example: ALLOCATED,
  },
  "spec.clusterIPs": { verdict: "No: follows `clusterIP`.", example: ALLOCATED },
  "spec.healthCheckNodePort": {
    verdict: "No: allocated for LoadBalancer Services with `externalTrafficPolicy: Local`.",
    example: ALLOCATED,
  },
  "spec.internalTrafficPolicy": { verdict: DEFAULT },
  "spec.ingress": {
    verdict:
      "Yes, as written: `[]` with the direction in `policyTypes` means deny all; the server stores no empty list, and `policyTypes` keeps the meaning.",
  },
  "spec.egress": {
    verdict:
      "Yes, as written: `[]` with the direction in `policyTypes` means deny all; the server stores no empty list, and `policyTypes` keeps the meaning.",
  },
  "spec.ipFamilies": { verdict: "No: follows the cluster's IP families (single or dual stack)." },
  // Gateway API (the CRDs' defaults).
  "spec.listeners[].allowedRoutes": {
    verdict:
      "No: routes of the Gateway's own namespace (`from: Same`), the API default; `allowedRoutes` says otherwise when given.",
  },
  "spec.listeners[].allowedRoutes.kinds[].group": { verdict: DEFAULT },
  "spec.listeners[].tls.certificateRefs[].group": { verdict: DEFAULT },
  "spec.listeners[].tls.certificateRefs[].kind": { verdict: DEFAULT },
  "spec.parentRefs[].group": { verdict: DEFAULT },
  "spec.parentRefs[].kind": { verdict: DEFAULT },
  "spec.rules[].backendRefs[].group": { verdict: DEFAULT },
  "spec.rules[].backendRefs[].kind": { verdict: DEFAULT },
  "spec.rules[].filters[].requestMirror.backendRef.group": { verdict: DEFAULT },
  "spec.rules[].filters[].requestMirror.backendRef.kind": { verdict: DEFAULT },
  "spec.rules[].backendRefs[].weight": { verdict: DEFAULT },
  "spec.rules[].matches": {
    verdict: "No: a rule without matches takes every request (PathPrefix `/`), as a redirect rule means.",
  },
  "spec.rules[].matches[].headers[].type": { verdict: DEFAULT },
  "spec.rules[].matches[].method.type": { verdict: DEFAULT },
  "spec.rules[].matches[].queryParams[].type": { verdict: DEFAULT },
  "spec.ipFamilyPolicy": { verdict: "No: follows the cluster's IP families (single or dual stack)." },
  "spec.ports[].nodePort": {
    verdict: "No: allocated, unless the `nodePort` option fixes it (then we write it).",
    example: ALLOCATED,
  },
  "spec.progressDeadlineSeconds": { verdict: DEFAULT },
  "spec.replicas": {
    verdict:
      "No: left out on purpose where a HorizontalPodAutoscaler scales the workload (a written count would reset it on every apply).",
  },
  "spec.revisionHistoryLimit": { verdict: DEFAULT },
  "spec.sessionAffinity": { verdict: DEFAULT },
  "spec.template.spec.containers[].imagePullPolicy": {
    verdict:
      "No: the server's rule (Always for `:latest` or no tag, else IfNotPresent) follows the image reference.",
  },
  "spec.template.spec.containers[].livenessProbe.httpGet.scheme": { verdict: DEFAULT },
  "spec.template.spec.containers[].readinessProbe.httpGet.scheme": { verdict: DEFAULT },
  "spec.template.spec.containers[].startupProbe.httpGet.scheme": { verdict: DEFAULT },
  "spec.template.spec.containers[].resources.limits.cpu": {
    verdict:
      "Yes, in canonical form: the server rewrites `1000m` as `1`, so a client-side diff of what we wrote against what the cluster holds shows a change that is none.",
  },
  "spec.template.spec.containers[].terminationMessagePath": { verdict: DEFAULT },
  ...Object.fromEntries(
    ["livenessProbe", "readinessProbe", "startupProbe"].map((p) => [
      `spec.template.spec.containers[].${p}.initialDelaySeconds`,
      {
        verdict:
          "No: we write `0`, the default, which the server does not store (a client-side diff shows it as removed); better left out.",
      },
    ]),
  ),
  "spec.template.spec.containers[].terminationMessagePolicy": { verdict: DEFAULT },
  "spec.template.spec.dnsPolicy": { verdict: DEFAULT },
  "spec.template.spec.restartPolicy": {
    verdict: "No: `Always` is the only value a Deployment or StatefulSet allows.",
  },
  "spec.template.spec.schedulerName": { verdict: DEFAULT },
  "spec.template.spec.serviceAccount": {
    verdict: "No: the deprecated alias of `serviceAccountName`, copied by the server.",
  },
  "spec.template.spec.volumes[].configMap.defaultMode": {
    verdict: "No for configuration files (0644 is fine); a Secret volume would deserve a tighter mode.",
  },
  "spec.template.spec.volumes[].projected.defaultMode": {
    verdict: "No for configuration files (0644 is fine); a Secret volume would deserve a tighter mode.",
  },
  "spec.volumeClaimTemplates[].spec.volumeMode": { verdict: DEFAULT },
  "spec.failedJobsHistoryLimit": { verdict: DEFAULT },
  "spec.successfulJobsHistoryLimit": { verdict: DEFAULT },
  "spec.suspend": { verdict: DEFAULT },
});

/**
 * The verdicts of a pod template's fields (`spec.template.spec.…`) hold wherever a pod template is: a CronJob's
 * (`spec.jobTemplate.spec.template.spec.…`), and for a container's fields, an init container's (native sidecars).
 */
function podTemplates(
  verdicts: Record<string, { verdict: string; example?: string }>,
): Record<string, { verdict: string; example?: string }> {
  const out = { ...verdicts };
  for (const [path, v] of Object.entries(verdicts)) {
    if (!path.startsWith("spec.template.spec.")) continue;
    const paths = [path];
    if (path.startsWith("spec.template.spec.containers[]."))
      paths.push(path.replace(".containers[].", ".initContainers[]."));
    for (const p of paths) {
      out[p] ??= v;
      out[p.replace("spec.template.spec.", "spec.jobTemplate.spec.template.spec.")] ??= v;
    }
  }
  return out;
}

/** One row per (path, how): the kinds it was seen on and an example value. */
export interface Row {
  readonly path: string;
  readonly how: Change["how"];
  readonly kinds: string[];
  readonly example: string;
}

export function rows(changes: readonly { kind: string; change: Change }[]): Row[] {
  const byPath = new Map<string, { how: Change["how"]; kinds: Set<string>; example: string }>();
  for (const { kind, change } of changes) {
    const id = `${change.path}\u0000${change.how}`;
    const show = (v: unknown) => {
      const s = JSON.stringify(v);
      return s.length > 60 ? `${s.slice(0, 57)}…` : s;
    };
    const example =
      VERDICTS[change.path]?.example ??
      (change.how === "added"
        ? show(change.value)
        : change.how === "dropped"
          ? `${show(change.ours)} → (none)`
          : `${show(change.ours)} → ${show(change.value)}`);
    const row = byPath.get(id) ?? { how: change.how, kinds: new Set<string>(), example };
    row.kinds.add(kind);
    byPath.set(id, row);
  }
  return [...byPath.entries()]
    .map(([id, r]) => ({
      path: id.split("\u0000")[0] ?? "",
      how: r.how,
      kinds: [...r.kinds].sort(),
      example: r.example,
    }))
    .sort((a, b) => a.path.localeCompare(b.path, "en") || a.how.localeCompare(b.how, "en"));
}

const cell = (s: string) => s.replaceAll("|", "\\|");

export function table(all: readonly Row[], versions: Readonly<Record<string, string>>): string {
  const lines = [
    "",
    `What kube-apiserver ${versions.kubernetes} adds to or changes in the objects of the emitted bundles when they are`,
    "applied (read back after a real server-side apply; bookkeeping such as `uid`, `resourceVersion`,",
    "`managedFields` and `status` left out). Pod-template fields are shown under `spec.template.spec`.",
    "",
    "| field | how | kinds | value (example) | should we write it? |",
    "| --- | --- | --- | --- | --- |",
    ...all.map(
      (r) =>
        `| \`${cell(r.path)}\` | ${r.how} | ${r.kinds.join(", ")} | ${r.example.startsWith("(") ? r.example : `\`${cell(r.example)}\``} | ${cell(VERDICTS[r.path]?.verdict ?? "**not judged yet**")} |`,
    ),
    "",
  ];
  return lines.join("\n");
}
