// The server itself: the pinned version, the admin token's rights, and Pod Security admission switched on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, ensureNamespace, refusal, type Server } from "./server.ts";

let server: Server;
beforeAll(async () => {
  server = await connect();
});
afterAll(() => server?.close());

describe("the kube-apiserver of scripts/apiserver.mjs", () => {
  it("is the version test/apiserver/go.mod pins", async () => {
    const r = await server.call("GET", "/version");
    expect(r.body.gitVersion).toBe(server.state.versions.kubernetes);
  });

  it("authorizes with RBAC: the static token's user is in system:masters", async () => {
    const review = {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SelfSubjectAccessReview",
      spec: { resourceAttributes: { verb: "create", resource: "pods", namespace: "default" } },
    };
    const r = await server.call("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", review);
    expect(r.status, refusal(r)).toBe(201);
    expect((r.body.status as { allowed: boolean }).allowed).toBe(true);
    const who = await server.call("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews", {
      apiVersion: "authentication.k8s.io/v1",
      kind: "SelfSubjectReview",
    });
    expect((who.body.status as { userInfo: { groups: string[] } }).userInfo.groups).toContain(
      "system:masters",
    );
  });

  it("enforces Pod Security admission: a root pod is refused in a restricted namespace", async () => {
    expect(
      await ensureNamespace(server, "psa-probe", { "pod-security.kubernetes.io/enforce": "restricted" }),
    ).toBe("");
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "root", namespace: "psa-probe" },
      spec: { containers: [{ name: "c", image: "registry.example/app:1" }] },
    };
    const r = await server.create(pod, { dryRun: true });
    expect(r.status).toBe(403);
    expect(refusal(r)).toContain('violates PodSecurity "restricted:latest"');
  });
});
