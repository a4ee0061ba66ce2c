/**
 * Type-level consumer checks against the packed tarballs, compiled by scripts/consumer-test.mjs with
 * `strict`, `exactOptionalPropertyTypes` and `skipLibCheck: false`: under nodenext as ESM (this file) and as
 * CommonJS (a copy named types.cts, which resolves the `require` condition and so the .d.cts files), and
 * under `moduleResolution: bundler`. Never run; a wrong type is a compile error.
 */
import {
  type CallCenterConfig,
  callCenter,
  type EnvironmentName,
  resolveConfig,
  type runCli,
} from "@call-center/bundle";
import {
  type Built,
  type BuiltWorkload,
  type DeploymentOptions,
  deployment,
  type EnvOptions,
  type K8sBuilderError,
  type Manifest,
  type ProbeOptions,
  serviceFor,
  toYaml,
} from "@call-center/k8s-builders";
import { findObject } from "@call-center/k8s-builders/testing";
import type { Deployment } from "kubernetes-types/apps/v1.js";
import type { Service } from "kubernetes-types/core/v1.js";

/** `true` only for `any`. */
type IsAny<T> = 0 extends 1 & T ? true : false;
/** `true` only when A and B are the same type (not merely assignable, which `any` always is). */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// Return types are the real kubernetes-types types.
export const api: import("kubernetes-types/apps/v1.js").Deployment = deployment({
  name: "api",
  replicas: 2,
  containers: [
    { name: "api", image: "ghcr.io/acme/api:1.4.2", ports: [{ name: "http", containerPort: 8080 }] },
  ],
});
export const svc: import("kubernetes-types/core/v1.js").Service = serviceFor(api, { ports: ["http"] });
export const yaml: string = toYaml([api, svc]);
export const replicas: number | undefined = api.spec?.replicas;
export const selector: Record<string, string> | undefined = svc.spec?.selector;

// ...and never `any`.
export const deploymentTypeIsNotAny: IsAny<Deployment> = false;
export const deploymentIsNotAny: IsAny<ReturnType<typeof deployment>> = false;
// The builders say what is always there (metadata.name, spec, the pod template), and stay plain objects.
export const deploymentIsBuiltDeployment: Equals<
  ReturnType<typeof deployment>,
  BuiltWorkload<Deployment>
> = true;
export const deploymentIsDeployment: ReturnType<typeof deployment> extends Deployment ? true : false = true;
export const nameNeedsNoBang = (d: ReturnType<typeof deployment>): string => d.metadata.name;
export const serviceForIsNotAny: IsAny<ReturnType<typeof serviceFor>> = false;
export const serviceForIsBuiltService: Equals<ReturnType<typeof serviceFor>, Built<Service, "spec">> = true;
export const serviceForIsService: ReturnType<typeof serviceFor> extends Service ? true : false = true;
export const toYamlIsString: Equals<ReturnType<typeof toYaml>, string> = true;
export const optionsAreNotAny: IsAny<DeploymentOptions> = false;
export const containerOptionsAreNotAny: IsAny<DeploymentOptions["containers"][number]> = false;
export const manifestIsNotAny: IsAny<Manifest> = false;
export const errorIssuesAreNotAny: IsAny<K8sBuilderError["issues"][number]> = false;

// The bundle's types come through its dependency on the builders.
export const bundleIsNotAny: IsAny<ReturnType<typeof callCenter>[number]> = false;
export const bundleIsManifests: Equals<ReturnType<typeof callCenter>, Manifest[]> = true;
export const configIsNotAny: IsAny<CallCenterConfig> = false;
export const resolveConfigIsConfig: Equals<ReturnType<typeof resolveConfig>, CallCenterConfig> = true;
export const environments: Equals<EnvironmentName, "production" | "staging"> = true;
export const runCliGivesAnExitCode: Equals<Awaited<ReturnType<typeof runCli>>, number> = true;
export const bundle: Manifest[] = callCenter(resolveConfig("production"));

// Excess-property and type checking of options are proven by these expected errors.
export const unknownOption = deployment({
  name: "api",
  containers: [{ name: "api", image: "ghcr.io/acme/api:1.4.2" }],
  // @ts-expect-error -- unknown option: excess-property checking must refuse it
  replicaCount: 2,
});
export const unknownContainerOption = deployment({
  name: "api",
  containers: [
    {
      name: "api",
      image: "ghcr.io/acme/api:1.4.2",
      // @ts-expect-error -- unknown container option
      imagePullPolicyy: "Always",
    },
  ],
});
export const wrongType = deployment({
  name: "api",
  // @ts-expect-error -- replicas is a number
  replicas: "2",
  containers: [{ name: "api", image: "ghcr.io/acme/api:1.4.2" }],
});
// Forms that exclude each other are exclusive in the published types: two handlers, two sources do not compile.
export const oneProbeHandler: ProbeOptions = { tcp: { port: 8080 } };
// @ts-expect-error -- a probe has exactly one handler
export const twoProbeHandlers: ProbeOptions = { http: { path: "/ready", port: 8080 }, tcp: { port: 8080 } };
export const oneEnvSource: EnvOptions = { DB: { secretKeyRef: { name: "db", key: "password" } } };
export const twoEnvSources: EnvOptions = {
  // @ts-expect-error -- an env value has one source
  DB: { secretKeyRef: { name: "db", key: "password" }, configMapKeyRef: { name: "db", key: "password" } },
};
// @ts-expect-error -- the real Deployment type has no such field
export const noSuchField = api.spec?.replicaCount;
// @ts-expect-error -- only the known environments
export const unknownEnvironment = resolveConfig("prod");

// The testing entry: findObject is typed by the kind.
export const foundDeployment: Deployment = findObject(bundle, "Deployment", "call-processor");
export const foundServiceIsService: Equals<ReturnType<typeof findObject<"Service">>, Service> = true;
export const foundOtherIsManifest: Equals<ReturnType<typeof findObject<"Widget">>, Manifest> = true;
