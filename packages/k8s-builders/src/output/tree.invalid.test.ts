import { describe, expect, it } from "vitest";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import { config, ns } from "../../test/support/tree.ts";
import { defaultLayout, type RenderTreeOptions, renderTree } from "./tree.ts";

describe("renderTree", () => {
  const cm = (name: string, ns?: string) => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, ...(ns === undefined ? {} : { namespace: ns }) },
  });
  const fixed = (path: unknown) => () => path as string;
  const invalid: {
    name: string;
    objects: object[];
    layout?: "default" | ((o: object) => string);
    options?: unknown;
    code: string;
    path: string;
  }[] = [
    {
      name: "a non-object",
      objects: [cm("a"), { kind: "ConfigMap" }],
      code: "invalid_object",
      path: "objects[1]",
    },
    {
      name: "an object without a name",
      objects: [{ apiVersion: "v1", kind: "ConfigMap", metadata: {} }],
      code: "invalid_object",
      path: "objects[0]",
    },
    {
      name: "two identical objects",
      objects: [cm("a", "x"), cm("b", "x"), cm("a", "x")],
      code: "duplicate",
      path: "objects[2]",
    },
    {
      name: "one object in two versions",
      objects: [
        { apiVersion: "autoscaling/v1", kind: "HorizontalPodAutoscaler", metadata: { name: "a" } },
        { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata: { name: "a" } },
      ],
      code: "duplicate",
      path: "objects[1]",
    },
    {
      name: "an absolute path",
      objects: [cm("a")],
      layout: fixed("/k8s/a.yml"),
      code: "invalid_path",
      path: "objects[0]",
    },
    {
      name: "a path escaping with ..",
      objects: [cm("a")],
      layout: fixed("../a.yml"),
      code: "invalid_path",
      path: "objects[0]",
    },
    {
      name: "a backslash",
      objects: [cm("a")],
      layout: fixed("base\\a.yml"),
      code: "invalid_path",
      path: "objects[0]",
    },
    {
      name: "a ./ prefix",
      objects: [cm("a")],
      layout: fixed("./a.yml"),
      code: "invalid_path",
      path: "objects[0]",
    },
    {
      name: "a path that is not YAML",
      objects: [cm("a")],
      layout: fixed("a.json"),
      code: "invalid_path",
      path: "objects[0]",
    },
    {
      name: "a layout that gives no string",
      objects: [cm("a")],
      layout: fixed(undefined),
      code: "invalid_path",
      path: "objects[0]",
    },
    {
      name: "the kustomization's path",
      objects: [cm("a")],
      layout: fixed("kustomization.yml"),
      code: "reserved_path",
      path: "objects[0]",
    },
    {
      name: "another kustomization name",
      objects: [cm("a")],
      layout: fixed("Kustomization.yaml"),
      code: "reserved_path",
      path: "objects[0]",
    },
    {
      name: "a layout that throws",
      objects: [cm("a")],
      layout: () => {
        throw new Error("no app label");
      },
      code: "layout_failed",
      path: "objects[0]",
    },
    {
      name: "paths that differ only in case",
      objects: [cm("a"), cm("b")],
      layout: (o) => ((o as { metadata: { name: string } }).metadata.name === "a" ? "App.yml" : "app.yml"),
      code: "path_conflict",
      path: "objects[1]",
    },
    {
      name: "directories that differ only in case",
      objects: [cm("a"), cm("b")],
      layout: (o) =>
        (o as { metadata: { name: string } }).metadata.name === "a" ? "App/a.yml" : "app/b.yml",
      code: "path_conflict",
      path: "objects[1]",
    },
    {
      name: "an extra file named like another in another Unicode form",
      objects: [],
      options: { extraFiles: { "caf\u00e9.md": "", "cafe\u0301.md": "" } },
      code: "path_conflict",
      path: 'extraFiles["cafe\u0301.md"]',
    },
    {
      name: "a file where a directory is needed",
      objects: [cm("a"), cm("b")],
      layout: (o) => ((o as { metadata: { name: string } }).metadata.name === "a" ? "x.yml" : "x.yml/b.yml"),
      code: "path_conflict",
      path: "objects[1]",
    },
    {
      name: "an extra file escaping",
      objects: [],
      options: { extraFiles: { "../README.md": "" } },
      code: "invalid_path",
      path: 'extraFiles["../README.md"]',
    },
    {
      name: "an extra kustomization",
      objects: [],
      options: { extraFiles: { "kustomization.yaml": "" } },
      code: "reserved_path",
      path: 'extraFiles["kustomization.yaml"]',
    },
    {
      name: "an extra manifest file",
      objects: [],
      options: { extraFiles: { ".k8s-builders-manifest.json": "" } },
      code: "reserved_path",
      path: 'extraFiles[".k8s-builders-manifest.json"]',
    },
    {
      name: "an extra file on a manifest's path",
      objects: [cm("a")],
      layout: fixed("a.yml"),
      options: { extraFiles: { "a.yml": "" } },
      code: "path_conflict",
      path: 'extraFiles["a.yml"]',
    },
    { name: "an unknown option", objects: [], options: { extra: {} }, code: "unknown_option", path: "extra" },
    {
      name: "kustomization resources",
      objects: [],
      options: { kustomization: { resources: ["x.yml"] } },
      code: "unknown_option",
      path: "kustomization.resources",
    },
    {
      name: "a bad kustomization namespace",
      objects: [],
      options: { kustomization: { namespace: "Bad" } },
      code: "invalid_format",
      path: "kustomization.namespace",
    },
    {
      name: "a kustomization rule",
      objects: [],
      options: { kustomization: { images: [{ name: "api" }] } },
      code: "required",
      path: "kustomization.images[0]",
    },
  ];

  it.each(invalid)("refuses $name ($code at $path)", ({ objects, layout, options, code, path }) => {
    expectIssue(() => renderTree(objects, layout ?? "default", options as RenderTreeOptions), code, path);
  });

  it("reports a directory spelled two ways once, however many files it holds", () => {
    const names = ["a", "b", "c", "d", "e"];
    const layout = (o: unknown) => {
      const name = (o as { metadata: { name: string } }).metadata.name;
      return `${name === "a" ? "API" : "api"}/${name}.yml`;
    };
    const error = builderError(() =>
      renderTree(
        names.map((n) => cm(n)),
        layout,
      ),
    );
    expect(error.issues.map((i) => [i.path, i.message])).toEqual([
      ["objects[1]", '"api" and "API" differ only in case: they would be one directory on macOS and Windows'],
    ]);
  });

  it("says which name is written in two Unicode forms", () => {
    const error = builderError(() =>
      renderTree([], "default", { extraFiles: { "caf\u00e9.md": "", "cafe\u0301.md": "" } }),
    );
    expect(error.issues[0]?.message).toBe(
      '"caf\u00e9.md" is written in two Unicode forms (NFC and NFD): they would be one file on macOS',
    );
  });
});

describe("renderTree with junk", () => {
  const bad = { ...config, metadata: { ...config.metadata, name: "bad" }, data: { x: "a\u0085b" } };

  it("refuses a value toYaml cannot write, at the object's place in renderTree's input", () => {
    // `bad` shares configmap.yml with `config` and comes second in it; it is objects[2] of the input.
    expectIssue(() => renderTree([ns, config, bad], "default"), "invalid_character", "objects[2].data.x");
  });

  it('refuses objects that are not a list, and a layout that is neither "default" nor a function', () => {
    expectIssue(() => renderTree(null as never, "default"), "invalid_type", "objects");
    expectIssue(() => renderTree([ns], 5 as never), "invalid_type", "layout");
  });

  it("refuses an object whose fields cannot be read as an invalid object", () => {
    const throwing = Object.defineProperty({}, "kind", {
      enumerable: true,
      get() {
        throw new TypeError("no");
      },
    });
    expectIssue(() => renderTree([ns, throwing], "default"), "invalid_object", "objects[1]");
    expect(defaultLayout(throwing)).toBe("object.yml");
  });
});
