/**
 * The warn level of a Namespace (`pod-security.kubernetes.io/warn` and `warn-version`): pods that meet the enforced
 * level but not the warn level are admitted, and `kubectl apply` prints the API server's warning.
 */
import { describe, expect, it } from "vitest";
import { base, edit, expectRow, findings, NS } from "../../../test/support/checks.ts";
import type { Manifest } from "../../base/manifest.ts";
import { namespace } from "../../kinds/namespace.ts";

const S = "spec.template.spec";
const C = `${S}.containers[0]`;
const PSA = "pod-security.kubernetes.io";

/** The `web` Deployment without capabilities.drop ALL: baseline, and restricted only before v1.22. */
function keepsCapabilities(): Manifest {
  return edit(base().web, (d) => {
    delete d.spec.template.spec.containers[0].securityContext.capabilities;
  });
}

/** The codes of the Pod Security findings, in order. */
function podSecurityCodes(objects: Manifest[]): string[] {
  return findings(objects)
    .map((f) => f.code)
    .filter((c) => c.startsWith("POD_SECURITY"));
}

describe("Pod Security warn level", () => {
  it("warns about pods that meet the enforced level but not the warn level", () => {
    expectRow({
      title: "capabilities kept in a namespace enforcing baseline, warning at restricted",
      objects: () => [
        namespace({ name: NS, podSecurity: "baseline", labels: { [`${PSA}/warn`]: "restricted" } }),
        keepsCapabilities(),
      ],
      code: "POD_SECURITY_WARN_VIOLATION",
      kind: "Deployment",
      name: "web",
      path: `${C}.securityContext.capabilities.drop`,
    });
  });

  it("reports it as a warning, not an error", () => {
    const ns = namespace({ name: NS, podSecurity: "baseline", labels: { [`${PSA}/warn`]: "restricted" } });
    const [warning] = findings([ns, keepsCapabilities()]);
    expect(warning?.severity).toBe("warning");
  });

  it("names the level and version of the warning kubectl prints", () => {
    const ns = namespace({
      name: NS,
      podSecurity: "baseline",
      labels: { [`${PSA}/warn`]: "restricted", [`${PSA}/warn-version`]: "v1.30" },
    });
    expect(findings([ns, keepsCapabilities()])[0]?.message).toBe(
      'Deployment "shop/web": its pods meet "baseline" but namespace "shop" warns at "restricted" at version v1.30, ' +
        'so applying it prints the warning "would violate PodSecurity "restricted:v1.30"" (the pods are still admitted): ' +
        'unrestricted capabilities: container "app" must set securityContext.capabilities.drop=["ALL"]',
    );
  });

  it("gives only the enforce error when the pods fail the enforced level too", () => {
    const ns = namespace({ name: NS, podSecurity: "restricted" });
    expect(podSecurityCodes([ns, keepsCapabilities()])).toEqual(["POD_SECURITY_ENFORCE_VIOLATION"]);
  });

  it.each([
    { version: "v1.21", codes: [] },
    { version: "v1.22", codes: ["POD_SECURITY_WARN_VIOLATION"] },
  ])("reads the warn level at the version warn-version pins: $version", ({ version, codes }) => {
    const ns = namespace({
      name: NS,
      podSecurity: "baseline",
      labels: { [`${PSA}/warn`]: "restricted", [`${PSA}/warn-version`]: version },
    });
    expect(podSecurityCodes([ns, keepsCapabilities()])).toEqual(codes);
  });

  it("warns at a stricter enforce level when the warn label is missing, at warn-version", () => {
    const ns = namespace({
      name: NS,
      podSecurity: false,
      labels: {
        [`${PSA}/enforce`]: "restricted",
        [`${PSA}/enforce-version`]: "v1.21",
        [`${PSA}/warn-version`]: "latest",
      },
    });
    expect(podSecurityCodes([ns, keepsCapabilities()])).toEqual(["POD_SECURITY_WARN_VIOLATION"]);
  });

  it.each([
    { warn: "strict", codes: [] },
    { warn: "restricted", codes: ["POD_SECURITY_WARN_VIOLATION"] },
  ])("warns about nothing when the warn label is not a level: $warn", ({ warn, codes }) => {
    const ns = edit(namespace({ name: NS, podSecurity: "baseline" }), (n) => {
      n.metadata.labels[`${PSA}/warn`] = warn;
    });
    expect(podSecurityCodes([ns, keepsCapabilities()])).toEqual(codes);
  });

  it.each([
    { title: "meet", pods: () => base().web, codes: [] },
    { title: "miss", pods: keepsCapabilities, codes: ["POD_SECURITY_WARN_VIOLATION"] },
  ])("warns only when the pods miss the warn level: they $title it", ({ pods, codes }) => {
    const ns = namespace({ name: NS, podSecurity: "baseline", labels: { [`${PSA}/warn`]: "restricted" } });
    expect(podSecurityCodes([ns, pods()])).toEqual(codes);
  });
});

describe("Pod Security enforce message", () => {
  it("names no version for a version label that admission reads as latest (v1.028)", () => {
    const ns = edit(namespace({ name: NS, podSecurity: "restricted" }), (n) => {
      n.metadata.labels[`${PSA}/enforce-version`] = "v1.028";
    });
    const enforced = findings([ns, keepsCapabilities()]).filter(
      (f) => f.code === "POD_SECURITY_ENFORCE_VIOLATION",
    );
    expect(enforced).toHaveLength(1);
    expect(enforced[0]?.message).toContain('enforces "restricted", so they would be refused');
  });
});
