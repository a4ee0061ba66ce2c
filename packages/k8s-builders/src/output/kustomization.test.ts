import { describe, expect, expectTypeOf, it } from "vitest";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import { CONFIG_MAP_KEY_RULE } from "../base/primitives.ts";
import { type Kustomization, type KustomizationOptions, kustomization } from "./kustomization.ts";
import { relativePathProblem } from "./paths.ts";

const DIGEST = `sha256:${"a".repeat(64)}`;

describe("kustomization", () => {
  it("returns our Kustomization type", () => {
    expectTypeOf(kustomization).returns.toEqualTypeOf<Kustomization>();
  });

  it("writes only apiVersion and kind when nothing else is given", () => {
    expect(kustomization({})).toEqual({
      apiVersion: "kustomize.config.k8s.io/v1beta1",
      kind: "Kustomization",
    });
  });

  it("keeps resources in the order given", () => {
    expect(kustomization({ resources: ["b.yml", "a/deployment.yml", "base"] }).resources).toEqual([
      "b.yml",
      "a/deployment.yml",
      "base",
    ]);
  });

  it("writes labels as labels entries that leave selectors alone by default", () => {
    const k = kustomization({ labels: [{ pairs: { team: "voice" } }] });
    expect(k.labels).toEqual([{ pairs: { team: "voice" }, includeSelectors: false }]);
    expect(k).not.toHaveProperty("commonLabels");
  });

  it("passes includeSelectors and includeTemplates through when asked for", () => {
    const k = kustomization({
      labels: [{ pairs: { tier: "gold" }, includeSelectors: true, includeTemplates: true }],
    });
    expect(k.labels).toEqual([{ pairs: { tier: "gold" }, includeSelectors: true, includeTemplates: true }]);
  });

  it("has no commonLabels option", () => {
    // @ts-expect-error commonLabels rewrites immutable selectors; it is not an option
    const bad: KustomizationOptions = { commonLabels: { team: "voice" } };
    expectIssue(() => kustomization(bad), "unknown_option", "commonLabels");
  });

  it("writes image overrides with only the fields given", () => {
    const k = kustomization({
      images: [
        { name: "ghcr.io/acme/api", newTag: "1.4.3" },
        { name: "postgres", newName: "registry.example.com/mirror/postgres", digest: DIGEST },
      ],
    });
    expect(k.images).toEqual([
      { name: "ghcr.io/acme/api", newTag: "1.4.3" },
      { name: "postgres", newName: "registry.example.com/mirror/postgres", digest: DIGEST },
    ]);
  });

  it("passes ConfigMap and Secret generators through, without allowRealValues", () => {
    const k = kustomization({
      configMapGenerator: [
        {
          name: "app-config",
          behavior: "create",
          literals: ["LOG_LEVEL=info"],
          files: ["config/app.yaml", "nginx.conf=config/nginx.conf"],
          envs: ["config/app.env"],
          options: { disableNameSuffixHash: true, labels: { team: "voice" } },
        },
      ],
      secretGenerator: [
        { name: "tls", type: "kubernetes.io/tls", files: ["tls.crt=certs/tls.crt", "tls.key=certs/tls.key"] },
        { name: "db", literals: ["password=hunter2"], allowRealValues: true },
      ],
    });
    expect(k.configMapGenerator).toEqual([
      {
        name: "app-config",
        behavior: "create",
        literals: ["LOG_LEVEL=info"],
        files: ["config/app.yaml", "nginx.conf=config/nginx.conf"],
        envs: ["config/app.env"],
        options: { disableNameSuffixHash: true, labels: { team: "voice" } },
      },
    ]);
    expect(k.secretGenerator).toEqual([
      { name: "tls", type: "kubernetes.io/tls", files: ["tls.crt=certs/tls.crt", "tls.key=certs/tls.key"] },
      { name: "db", literals: ["password=hunter2"] },
    ]);
  });

  it("accepts placeholder values in secret literals", () => {
    const k = kustomization({ secretGenerator: [{ name: "db", literals: ["password=<db-password>"] }] });
    expect(k.secretGenerator).toEqual([{ name: "db", literals: ["password=<db-password>"] }]);
  });

  it("writes its fields in a fixed order", () => {
    const k = kustomization({
      images: [{ name: "api", newTag: "2" }],
      resources: ["a.yml"],
      labels: [{ pairs: { a: "b" } }],
      namespace: "call-center",
    });
    expect(Object.keys(k)).toEqual(["apiVersion", "kind", "namespace", "labels", "resources", "images"]);
  });

  it("reports every problem at once", () => {
    const err = builderError(() =>
      kustomization({
        resources: ["../base", "/abs.yml"],
        namespace: "Call_Center",
        images: [{ name: "api" }],
      }),
    );
    expect(err.issues.map((i) => i.path)).toEqual(["resources[0]", "resources[1]", "namespace"]);
  });

  const invalid: { name: string; options: unknown; code: string; path: string }[] = [
    {
      name: "an absolute resource",
      options: { resources: ["/k8s/a.yml"] },
      code: "invalid_value",
      path: "resources[0]",
    },
    {
      name: "a resource escaping with ..",
      options: { resources: ["../base"] },
      code: "invalid_value",
      path: "resources[0]",
    },
    {
      name: "a .. inside a resource",
      options: { resources: ["a/../../b.yml"] },
      code: "invalid_value",
      path: "resources[0]",
    },
    {
      name: "a backslash",
      options: { resources: ["a\\b.yml"] },
      code: "invalid_value",
      path: "resources[0]",
    },
    {
      name: "an empty segment",
      options: { resources: ["a//b.yml"] },
      code: "invalid_value",
      path: "resources[0]",
    },
    { name: "a ./ prefix", options: { resources: ["./a.yml"] }, code: "invalid_value", path: "resources[0]" },
    {
      name: "a URL",
      options: { resources: ["https://example.com/x.yml"] },
      code: "invalid_value",
      path: "resources[0]",
    },
    { name: "an empty resource", options: { resources: [""] }, code: "invalid_value", path: "resources[0]" },
    {
      name: "a duplicate resource",
      options: { resources: ["a.yml", "b.yml", "a.yml"] },
      code: "duplicate",
      path: "resources[2]",
    },
    {
      name: "a bad namespace",
      options: { namespace: "Call_Center" },
      code: "invalid_format",
      path: "namespace",
    },
    {
      name: "commonLabels",
      options: { commonLabels: { a: "b" } },
      code: "unknown_option",
      path: "commonLabels",
    },
    {
      name: "a bad label key",
      options: { labels: [{ pairs: { "bad key": "x" } }] },
      code: "invalid_key",
      path: 'labels[0].pairs["bad key"]',
    },
    {
      name: "a bad label value",
      options: { labels: [{ pairs: { team: "not ok" } }] },
      code: "invalid_format",
      path: "labels[0].pairs.team",
    },
    {
      name: "an empty labels entry",
      options: { labels: [{ pairs: {} }] },
      code: "too_small",
      path: "labels[0].pairs",
    },
    {
      name: "a label set twice",
      options: { labels: [{ pairs: { team: "a" } }, { pairs: { team: "b" } }] },
      code: "duplicate",
      path: "labels[1].pairs.team",
    },
    {
      name: "a labels typo",
      options: { labels: [{ pairs: { a: "b" }, includeSelector: false }] },
      code: "unknown_option",
      path: "labels[0].includeSelector",
    },
    {
      name: "an image name with a tag",
      options: { images: [{ name: "api:1.0", newTag: "2" }] },
      code: "invalid_value",
      path: "images[0].name",
    },
    {
      name: "an image that changes nothing",
      options: { images: [{ name: "api" }] },
      code: "required",
      path: "images[0]",
    },
    {
      name: "an image listed twice",
      options: {
        images: [
          { name: "api", newTag: "1" },
          { name: "api", newTag: "2" },
        ],
      },
      code: "duplicate",
      path: "images[1].name",
    },
    {
      name: "a bad tag",
      options: { images: [{ name: "api", newTag: "1 0" }] },
      code: "invalid_format",
      path: "images[0].newTag",
    },
    {
      name: "a bad digest",
      options: { images: [{ name: "api", digest: "sha256:abc" }] },
      code: "invalid_format",
      path: "images[0].digest",
    },
    {
      name: "a literal without =",
      options: { configMapGenerator: [{ name: "c", literals: ["LOG_LEVEL"] }] },
      code: "invalid_value",
      path: "configMapGenerator[0].literals[0]",
    },
    {
      name: "a literal whose key starts with '..' (the API server refuses it)",
      options: { configMapGenerator: [{ name: "c", literals: ["..data=1"] }] },
      code: "invalid_key",
      path: "configMapGenerator[0].literals[0]",
    },
    {
      name: "a literal whose key is over 253 characters",
      options: { configMapGenerator: [{ name: "c", literals: [`${"k".repeat(254)}=1`] }] },
      code: "invalid_key",
      path: "configMapGenerator[0].literals[0]",
    },
    {
      name: "a generator file keyed '.'",
      options: { configMapGenerator: [{ name: "c", files: [".=conf/a"] }] },
      code: "invalid_key",
      path: "configMapGenerator[0].files[0]",
    },
    {
      name: "a generator file whose name is not a valid key",
      options: { configMapGenerator: [{ name: "c", files: ["conf/my settings.txt"] }] },
      code: "invalid_key",
      path: "configMapGenerator[0].files[0]",
    },
    {
      name: "a generator file with '=' in its path (Kustomize refuses it)",
      options: { configMapGenerator: [{ name: "c", files: ["k=conf/a=b.txt"] }] },
      code: "invalid_value",
      path: "configMapGenerator[0].files[0]",
    },
    {
      name: "a generator file with a key and no path",
      options: { configMapGenerator: [{ name: "c", files: ["k="] }] },
      code: "invalid_value",
      path: "configMapGenerator[0].files[0]",
    },
    {
      name: "a generator file escaping",
      options: { configMapGenerator: [{ name: "c", files: ["../secret.txt"] }] },
      code: "invalid_value",
      path: "configMapGenerator[0].files[0]",
    },
    {
      name: "a generator file with a bad key",
      options: { configMapGenerator: [{ name: "c", files: ["a b=x.txt"] }] },
      code: "invalid_key",
      path: "configMapGenerator[0].files[0]",
    },
    {
      name: "an absolute env file",
      options: { configMapGenerator: [{ name: "c", envs: ["/etc/app.env"] }] },
      code: "invalid_value",
      path: "configMapGenerator[0].envs[0]",
    },
    {
      name: "a generator listed twice",
      options: {
        configMapGenerator: [
          { name: "c", literals: ["A=1"] },
          { name: "c", literals: ["B=1"] },
        ],
      },
      code: "duplicate",
      path: "configMapGenerator[1].name",
    },
    {
      name: "a key given twice",
      options: { configMapGenerator: [{ name: "c", literals: ["a=1"], files: ["conf/a"] }] },
      code: "duplicate",
      path: "configMapGenerator[0].files[0]",
    },
    {
      name: "an empty generator",
      options: { configMapGenerator: [{ name: "c" }] },
      code: "required",
      path: "configMapGenerator[0]",
    },
    {
      name: "a bad behavior",
      options: { configMapGenerator: [{ name: "c", behavior: "upsert", literals: ["A=1"] }] },
      code: "invalid_value",
      path: "configMapGenerator[0].behavior",
    },
    {
      name: "a generator options typo",
      options: {
        configMapGenerator: [{ name: "c", literals: ["A=1"], options: { disableNameSuffix: true } }],
      },
      code: "unknown_option",
      path: "configMapGenerator[0].options.disableNameSuffix",
    },
    {
      name: "a real secret literal",
      options: { secretGenerator: [{ name: "db", literals: ["password=hunter2"] }] },
      code: "real_secret_value",
      path: "secretGenerator[0].literals[0]",
    },
    {
      name: "a secret type on a ConfigMap",
      options: { configMapGenerator: [{ name: "c", literals: ["A=1"], type: "Opaque" }] },
      code: "unknown_option",
      path: "configMapGenerator[0].type",
    },
  ];

  it.each(invalid)("refuses $name ($code at $path)", ({ options, code, path }) => {
    expectIssue(() => kustomization(options as KustomizationOptions), code, path);
  });

  it("names a generator's bad key, and the file it came from when the key is the file's name", () => {
    const error = builderError(() =>
      kustomization({
        configMapGenerator: [{ name: "c", literals: ["..x=1"], files: ["conf/my settings.txt"] }],
      }),
    );
    expect(error.issues.map((i) => i.message)).toEqual([
      `"..x=1" gives the key "..x": ${CONFIG_MAP_KEY_RULE}`,
      `"conf/my settings.txt" gives the key "my settings.txt" (the file's name; write it as key=path): ${CONFIG_MAP_KEY_RULE}`,
    ]);
  });
});

describe("relativePathProblem", () => {
  it("accepts plain relative paths", () => {
    for (const p of ["a.yml", "call-processor/deployment.yml", ".hidden/x", "a..b/c.yml", "README.md"]) {
      expect(relativePathProblem(p), p).toBeUndefined();
    }
  });

  it("names the problem of an unsafe path", () => {
    expect(relativePathProblem("../x")).toBe("contains '..': it must stay inside the directory");
    expect(relativePathProblem("C:/x")).toBe("is absolute: give a path relative to the directory");
    expect(relativePathProblem("a/\u0000")).toBe("contains a control character");
    expect(relativePathProblem(`${"x".repeat(256)}.yml`)).toBe("has a name longer than 255 bytes");
  });
});
