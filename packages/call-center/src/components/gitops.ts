/**
 * The GitOps objects of `gitops` in the values: what makes a controller in the cluster sync the tree that
 * `--out` writes from Git. They are not part of the bundle (the tree's kustomization does not list them, and
 * they live in the controller's namespace): `gitops.yml` beside the tree holds them, applied once by hand.
 *
 * - Argo CD: an `Application` (argoproj.io/v1alpha1) in namespace `argocd`.
 * - Flux: a `GitRepository` (source.toolkit.fluxcd.io/v1) and a `Kustomization` (kustomize.toolkit.fluxcd.io/v1)
 *   in namespace `flux-system`.
 *
 * The settings that matter for this bundle, and why, are on the fields below and in docs/gitops.md.
 */
import { type CustomResource, customResource } from "@call-center/k8s-builders";
import type { CallCenterConfig } from "../config.ts";
import { NAMES } from "../names.ts";

/** The Argo CD API version of `Application` (the only one Argo CD serves). */
export const ARGO_CD_API_VERSION = "argoproj.io/v1alpha1";
/** The Flux source API version of `GitRepository` (GA since Flux v2.0). */
export const FLUX_SOURCE_API_VERSION = "source.toolkit.fluxcd.io/v1";
/** The Flux kustomize API version of `Kustomization` (GA since Flux v2.0). */
export const FLUX_KUSTOMIZE_API_VERSION = "kustomize.toolkit.fluxcd.io/v1";

/** Namespace of the Argo CD `Application` (where Argo CD watches Applications by default). */
export const ARGO_CD_NAMESPACE = "argocd";
/** Namespace of the Flux objects (where `flux bootstrap` installs the controllers). */
export const FLUX_NAMESPACE = "flux-system";

/**
 * Argo CD's sync options for this bundle. `ServerSideApply=true`: the API server merges the fields (as `kubectl
 * apply --server-side`), with no 256 KiB `last-applied-configuration` annotation that a large dashboard ConfigMap
 * would overflow. `PruneLast=true`: objects removed from Git are deleted only after the rest is synced and
 * healthy. `PrunePropagationPolicy=foreground`: a pruned workload's pods are gone before its prune counts as done.
 * Not set, on purpose: `Replace=true` and `Force=true` — they delete and re-create an object whose immutable field
 * changed (a selector, a StatefulSet's volumeClaimTemplates, a Service's clusterIP), which drops every live call
 * of call-processor at once; such a change must fail the sync instead (`--diff-against` refuses it before the
 * commit). `CreateNamespace=true` neither: the bundle holds its Namespace, with its Pod Security labels.
 */
export const ARGO_CD_SYNC_OPTIONS: readonly string[] = [
  "ServerSideApply=true",
  "PruneLast=true",
  "PrunePropagationPolicy=foreground",
];

/** The spec of an Argo CD `Application`, typed for the fields the bundle writes. */
export interface ArgoCdApplicationSpec {
  project: string;
  source: { repoURL: string; path: string; targetRevision: string };
  destination: { server: string; namespace: string };
  syncPolicy: {
    automated: { prune: boolean; selfHeal: boolean; allowEmpty: boolean };
    syncOptions: string[];
    retry: { limit: number; backoff: { duration: string; factor: number; maxDuration: string } };
  };
  revisionHistoryLimit: number;
}

/** An Argo CD `Application` (argoproj.io/v1alpha1), built with `customResource`. */
export type ArgoCdApplication = CustomResource<
  ArgoCdApplicationSpec,
  typeof ARGO_CD_API_VERSION,
  "Application"
>;

/** The Git reference of a Flux `GitRepository`: one of branch, tag, commit or a full reference name. */
export type FluxGitRef = { branch: string } | { tag: string } | { commit: string } | { name: string };

/** The spec of a Flux `GitRepository`, typed for the fields the bundle writes. */
export interface FluxGitRepositorySpec {
  url: string;
  ref: FluxGitRef;
  interval: string;
  timeout: string;
}

/** A Flux `GitRepository` (source.toolkit.fluxcd.io/v1), built with `customResource`. */
export type FluxGitRepository = CustomResource<
  FluxGitRepositorySpec,
  typeof FLUX_SOURCE_API_VERSION,
  "GitRepository"
>;

/** The spec of a Flux `Kustomization`, typed for the fields the bundle writes. */
export interface FluxKustomizationSpec {
  sourceRef: { kind: "GitRepository"; name: string };
  path: string;
  interval: string;
  retryInterval: string;
  timeout: string;
  prune: boolean;
  force: boolean;
  wait: boolean;
}

/** A Flux `Kustomization` (kustomize.toolkit.fluxcd.io/v1), built with `customResource`. */
export type FluxKustomization = CustomResource<
  FluxKustomizationSpec,
  typeof FLUX_KUSTOMIZE_API_VERSION,
  "Kustomization"
>;

/** The GitOps objects of either tool. */
export type GitOpsObject = ArgoCdApplication | FluxGitRepository | FluxKustomization;

type GitOps = NonNullable<CallCenterConfig["gitops"]>;

const COMMIT = /^[0-9a-f]{40}$/;

/** The name of the GitOps objects: `call-center-<environment>`, so environments sync side by side. */
export function gitopsName(c: CallCenterConfig): string {
  return `${NAMES.partOf}-${c.environment}`;
}

function labels(c: CallCenterConfig): { app: string; labels: Record<string, string> } {
  return { app: NAMES.partOf, labels: { environment: c.environment, ...c.labels } };
}

/**
 * The revision as Argo CD reads it: a branch, a tag or a commit, without the `refs/heads/` or `refs/tags/`
 * prefix (Argo CD resolves the short name).
 */
function argoRevision(revision: string): string {
  return revision.replace(/^refs\/(heads|tags)\//, "");
}

/** The revision as a Flux reference: a commit SHA, a tag (`refs/tags/…`), a full reference, or a branch. */
export function fluxRef(revision: string): FluxGitRef {
  if (COMMIT.test(revision)) return { commit: revision };
  if (revision.startsWith("refs/tags/")) return { tag: revision.slice("refs/tags/".length) };
  if (revision.startsWith("refs/heads/")) return { branch: revision.slice("refs/heads/".length) };
  if (revision.startsWith("refs/")) return { name: revision };
  return { branch: revision };
}

/**
 * The Argo CD `Application` that syncs the tree: automated sync with prune and self-heal (what is in Git is
 * what runs), the sync options of {@link ARGO_CD_SYNC_OPTIONS}, retries with backoff. No
 * `resources-finalizer.argocd.argoproj.io`: deleting the Application leaves the call-center running.
 */
export function argoCdApplication(c: CallCenterConfig, g: GitOps): ArgoCdApplication {
  return customResource<ArgoCdApplicationSpec, typeof ARGO_CD_API_VERSION, "Application">({
    apiVersion: ARGO_CD_API_VERSION,
    kind: "Application",
    name: gitopsName(c),
    namespace: ARGO_CD_NAMESPACE,
    ...labels(c),
    spec: {
      project: "default",
      source: { repoURL: g.repoURL, path: g.path, targetRevision: argoRevision(g.targetRevision) },
      // The tree sets the namespace of every object; the destination says the same.
      destination: { server: "https://kubernetes.default.svc", namespace: c.namespace },
      syncPolicy: {
        // allowEmpty false: a commit that empties the directory by mistake is not synced as "delete everything".
        automated: { prune: true, selfHeal: true, allowEmpty: false },
        syncOptions: [...ARGO_CD_SYNC_OPTIONS],
        retry: { limit: 5, backoff: { duration: "10s", factor: 2, maxDuration: "5m" } },
      },
      revisionHistoryLimit: 10,
    },
  });
}

/**
 * The Flux `GitRepository` and `Kustomization` that sync the tree. Flux always applies server-side; `prune:
 * true` deletes what was removed from Git; `force: false` (written, not left to the default) so that a change of
 * an immutable field fails the reconciliation instead of deleting and re-creating the object; `wait: true` with
 * a `timeout` makes the Kustomization ready only when every object it applied is healthy.
 */
export function fluxObjects(c: CallCenterConfig, g: GitOps): [FluxGitRepository, FluxKustomization] {
  const name = gitopsName(c);
  const meta = { name, namespace: FLUX_NAMESPACE, ...labels(c) };
  const source = customResource<FluxGitRepositorySpec, typeof FLUX_SOURCE_API_VERSION, "GitRepository">({
    apiVersion: FLUX_SOURCE_API_VERSION,
    kind: "GitRepository",
    ...meta,
    spec: { url: g.repoURL, ref: fluxRef(g.targetRevision), interval: "1m", timeout: "60s" },
  });
  const kustomization = customResource<
    FluxKustomizationSpec,
    typeof FLUX_KUSTOMIZE_API_VERSION,
    "Kustomization"
  >({
    apiVersion: FLUX_KUSTOMIZE_API_VERSION,
    kind: "Kustomization",
    ...meta,
    spec: {
      sourceRef: { kind: "GitRepository", name },
      path: g.path === "." ? "./" : `./${g.path}`,
      interval: "10m",
      retryInterval: "2m",
      timeout: "5m",
      prune: true,
      force: false,
      wait: true,
    },
  });
  return [source, kustomization];
}

/**
 * The GitOps objects of `gitops` in the values, for `gitops.yml` beside the tree: none when `gitops` is unset.
 *
 * @example
 * const objects = callCenterGitOps(resolveConfig("production", { gitops: { tool: "flux", repoURL, path: "k8s", targetRevision: "main" } }));
 */
export function callCenterGitOps(c: CallCenterConfig): GitOpsObject[] {
  const g = c.gitops;
  if (g === undefined) return [];
  return g.tool === "argocd" ? [argoCdApplication(c, g)] : fluxObjects(c, g);
}
