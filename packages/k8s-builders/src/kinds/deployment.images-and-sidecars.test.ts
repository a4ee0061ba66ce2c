import { describe, expect, it } from "vitest";
import { build, container, pod } from "../../test/support/deployment.ts";
import type { DeploymentOptions } from "./deployment.ts";

describe("deployment: private images and native sidecars", () => {
  it("references registry credentials with imagePullSecrets", () => {
    const d = build({ imagePullSecrets: ["regcred", "mirror-cred"] });
    expect(pod(d)?.imagePullSecrets).toEqual([{ name: "regcred" }, { name: "mirror-cred" }]);
  });

  it("writes no imagePullSecrets when none are given", () => {
    expect(pod(build({ imagePullSecrets: [] }))).not.toHaveProperty("imagePullSecrets");
    expect(pod(build())).not.toHaveProperty("imagePullSecrets");
  });

  const sidecar = {
    name: "proxy",
    image: "ghcr.io/acme/proxy:2.1.0",
    restartPolicy: "Always",
    ports: [{ name: "proxy", containerPort: 15001 }],
    readinessProbe: { tcp: { port: "proxy" } },
    startupProbe: { http: { path: "/ready", port: 15001 } },
    livenessProbe: { exec: { command: ["/bin/health"] } },
    lifecycle: { preStop: { sleep: 5 } },
  } satisfies NonNullable<DeploymentOptions["initContainers"]>[number];

  it("runs a native sidecar: an init container with restartPolicy Always, probes and hooks", () => {
    const d = build({ initContainers: [sidecar] });
    const init = pod(d)?.initContainers?.[0];
    expect(init).toMatchObject({
      name: "proxy",
      restartPolicy: "Always",
      readinessProbe: { tcpSocket: { port: "proxy" } },
      startupProbe: { httpGet: { path: "/ready", port: 15001 } },
      livenessProbe: { exec: { command: ["/bin/health"] } },
      lifecycle: { preStop: { sleep: { seconds: 5 } } },
    });
  });

  it("gives a sidecar the same restricted security context as the other containers", () => {
    const d = build({ initContainers: [sidecar] });
    expect(pod(d)?.initContainers?.[0]?.securityContext).toEqual(container(d)?.securityContext);
  });

  it("writes no restartPolicy on an init container that runs to completion", () => {
    const d = build({ initContainers: [{ name: "migrate", image: "ghcr.io/acme/migrate:1.0.0" }] });
    expect(pod(d)?.initContainers?.[0]).not.toHaveProperty("restartPolicy");
  });
});
