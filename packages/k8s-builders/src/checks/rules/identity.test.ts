import { describe, expect, it } from "vitest";
import { base, edit, expectRow, findings, NS, type Row } from "../../../test/support/checks.ts";
import { configMap } from "../../kinds/config-map.ts";

const rows: Row[] = [
  {
    title: "the same Deployment twice",
    objects: () => [...base().all, base().web],
    code: "DUPLICATE_OBJECT",
    kind: "Deployment",
    name: "web",
    path: "metadata.name",
  },
  {
    title: "one Deployment under two versions of its group",
    objects: () => [
      ...base().all,
      edit(base().web, (d) => {
        d.apiVersion = "apps/v1beta2";
      }),
    ],
    code: "DUPLICATE_OBJECT",
    kind: "Deployment",
    name: "web",
    path: "metadata.name",
    also: ["API_VERSION_REMOVED"],
  },
  {
    title: "a namespace the bundle's Namespaces do not define",
    objects: () => [...base().all, configMap({ name: "settings", namespace: "shopp", data: {} })],
    code: "NAMESPACE_UNDEFINED",
    kind: "ConfigMap",
    name: "settings",
    path: "metadata.namespace",
  },
  {
    title: "a bundle without any Namespace",
    objects: () => [base().web, base().svc],
    code: "NAMESPACE_NOT_IN_BUNDLE",
    kind: "Deployment",
    name: "web",
    path: "metadata.namespace",
  },
];

describe("identity rules", () => {
  it.each(rows)("$code: $title", expectRow);

  it("warns once per namespace when the bundle creates none", () => {
    const f = findings([base().web, base().svc]);
    expect(f).toHaveLength(1);
    expect(f[0]?.message).toContain('namespace "shop" (used by 2 objects) is not created by this bundle');
  });

  it("accepts namespaces listed as external, objects without a namespace, and equal names in other kinds", () => {
    expect(findings([base().web, base().svc], { externalNamespaces: [NS] })).toEqual([]);
    const { ns } = base();
    const plain = configMap({ name: "web", data: {} });
    expect(findings([ns, plain, configMap({ name: "web", namespace: NS, data: {} }), base().web])).toEqual(
      [],
    );
  });
});
