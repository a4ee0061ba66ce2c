import type { Deployment } from "kubernetes-types/apps/v1.js";
import { describe, expect, it } from "vitest";
import { appContainer, base, expectRow, findings, NS, type Row } from "../../../test/support/checks.ts";
import { configMap } from "../../kinds/config-map.ts";
import { deployment } from "../../kinds/deployment.ts";

/** A built Deployment given pod annotations the builder would refuse (as a hand-edited manifest might have). */
function withPodAnnotations(d: Deployment, annotations: Record<string, string>): Deployment {
  const template = d.spec?.template;
  return {
    ...d,
    spec: {
      ...d.spec,
      selector: d.spec?.selector ?? {},
      template: { ...template, metadata: { ...template?.metadata, annotations } },
    },
  };
}

const rows: Row[] = [
  {
    title: "a ConfigMap over 1 MiB",
    objects: () => [
      base().ns,
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "big", namespace: NS },
        data: { blob: "x".repeat(1024 * 1024 + 1) },
      },
    ],
    code: "OBJECT_TOO_LARGE",
    kind: "ConfigMap",
    name: "big",
    path: "",
  },
  {
    title: "a ConfigMap too big for client-side apply",
    objects: () => [
      base().ns,
      configMap({ name: "dashboards", namespace: NS, data: { "all.json": "x".repeat(300_000) } }),
    ],
    code: "LAST_APPLIED_TOO_LARGE",
    kind: "ConfigMap",
    name: "dashboards",
    path: "metadata.annotations",
  },
  {
    title: "annotations over 256 KiB",
    objects: () => [
      base().ns,
      // The builders refuse these annotations: hand-written objects reach validateBundle too.
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "notes", namespace: NS, annotations: { "example.com/notes": "x".repeat(262_145) } },
        data: {},
      },
    ],
    code: "ANNOTATIONS_TOO_LARGE",
    kind: "ConfigMap",
    name: "notes",
    path: "metadata.annotations",
  },
  {
    title: "pod template annotations over 256 KiB",
    objects: () => [
      base().ns,
      withPodAnnotations(deployment({ name: "web", namespace: NS, containers: [appContainer] }), {
        "example.com/notes": "x".repeat(262_145),
      }),
    ],
    code: "ANNOTATIONS_TOO_LARGE",
    kind: "Deployment",
    name: "web",
    path: "spec.template.metadata.annotations",
    // The Deployment itself is then too big for client-side apply as well.
    also: ["LAST_APPLIED_TOO_LARGE"],
  },
];

describe("size rules", () => {
  it.each(rows)("$code: $title", expectRow);

  it("accepts a ConfigMap just under the client-side apply limit", () => {
    expect(
      findings([base().ns, configMap({ name: "ok", namespace: NS, data: { a: "x".repeat(200_000) } })]),
    ).toEqual([]);
  });

  it("suggests server-side apply", () => {
    const [f] = findings([
      base().ns,
      configMap({ name: "d", namespace: NS, data: { a: "x".repeat(300_000) } }),
    ]);
    expect(f?.hint).toContain("--server-side");
  });
});
