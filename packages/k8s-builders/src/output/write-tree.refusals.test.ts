import * as fs from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builderError, expectIssue } from "../../test/support/errors.ts";
import { eachCase, failing, first, MANIFEST, snapshot, tree } from "../../test/support/write-tree.ts";
import { type WriteTreeOptions, writeTree } from "./write-tree.ts";
import { GENERATOR } from "./write-tree-entries.ts";

let parent = "";
let dir = "";
eachCase((c) => ({ parent, dir } = c));

describe("writeTree: refusals leave everything as it was", () => {
  it("refuses to overwrite a file it did not write, and writes nothing", () => {
    writeTree(dir, first);
    fs.writeFileSync(join(dir, "db.yml"), "the user's own\n");
    const before = snapshot(dir);
    const err = builderError(() =>
      writeTree(dir, tree({ ...Object.fromEntries(first), "db.yml": "kind: X\n" })),
    );
    expect(err.issues.map((i) => ({ code: i.code, path: i.path }))).toEqual([
      { code: "user_file_collision", path: "db.yml" },
    ]);
    expect(err.message).toContain('"db.yml" exists and was not written by k8s-builders');
    expect(snapshot(dir)).toEqual(before);
    expect(fs.readdirSync(parent)).toEqual(["k8s"]);
  });

  it("refuses when a user file stands where a directory is needed", () => {
    writeTree(dir, first);
    fs.writeFileSync(join(dir, "db"), "a file\n");
    const before = snapshot(dir);
    expectIssue(
      () => writeTree(dir, tree({ "db/statefulset.yml": "x" })),
      "user_file_collision",
      "db/statefulset.yml",
    );
    expect(snapshot(dir)).toEqual(before);
  });

  it("refuses when a user directory stands where a file goes", () => {
    writeTree(dir, first);
    fs.mkdirSync(join(dir, "db.yml"));
    const before = snapshot(dir);
    expectIssue(() => writeTree(dir, tree({ "db.yml": "x" })), "user_file_collision", "db.yml");
    expect(snapshot(dir)).toEqual(before);
  });

  it("refuses to replace its own directory by a file while it holds a user file", () => {
    writeTree(dir, first);
    fs.writeFileSync(join(dir, "api", "notes.md"), "mine\n");
    const before = snapshot(dir);
    const err = builderError(() => writeTree(dir, tree({ api: "x" })));
    expect(err.issues).toEqual([expect.objectContaining({ code: "user_file_collision", path: "api" })]);
    expect(err.issues[0]?.message).toContain("api/notes.md");
    expect(snapshot(dir)).toEqual(before);
  });

  it("refuses a non-empty directory without a manifest, naming its files", () => {
    fs.mkdirSync(join(dir, "sub"), { recursive: true });
    fs.writeFileSync(join(dir, "notes.md"), "x");
    fs.writeFileSync(join(dir, "sub", "a.txt"), "y");
    fs.mkdirSync(join(dir, "empty"));
    const before = snapshot(dir);
    const err = builderError(() => writeTree(dir, first));
    expect(err.issues).toEqual([
      {
        path: "",
        code: "unmanaged_directory",
        message: `${dir} has files k8s-builders did not write: empty/, notes.md, sub/a.txt; choose an empty directory or remove them`,
      },
    ]);
    expect(snapshot(dir)).toEqual(before);
  });

  it.each([
    { name: "not JSON", content: "{" },
    { name: "another generator", content: JSON.stringify({ generator: "other-tool", files: [] }) },
    {
      name: "a path escaping",
      content: JSON.stringify({ generator: GENERATOR, files: ["../../etc/passwd"] }),
    },
    { name: "no file list", content: JSON.stringify({ generator: GENERATOR }) },
  ])("refuses a manifest with $name", ({ content }) => {
    writeTree(dir, first);
    fs.writeFileSync(join(dir, MANIFEST), content);
    const before = snapshot(dir);
    expectIssue(() => writeTree(dir, first), "invalid_manifest", MANIFEST);
    expect(snapshot(dir)).toEqual(before);
  });

  it("refuses a path that is a file", () => {
    fs.writeFileSync(dir, "not a directory");
    expectIssue(() => writeTree(dir, first), "not_a_directory", "");
    expect(fs.readFileSync(dir, "utf8")).toBe("not a directory");
  });

  it("refuses to swap out the current working directory", () => {
    fs.mkdirSync(join(dir, "sub"), { recursive: true });
    const cwd = process.cwd();
    process.chdir(join(dir, "sub"));
    try {
      expectIssue(() => writeTree(dir, first), "invalid_dir", "");
    } finally {
      process.chdir(cwd);
    }
    expect(Object.keys(snapshot(dir))).toEqual(["sub/"]);
  });

  it("refuses to swap out the current working directory reached through a symlink", () => {
    fs.mkdirSync(join(dir, "real", "k8s"), { recursive: true });
    fs.symlinkSync(join(dir, "real"), join(dir, "link"));
    const cwd = process.cwd();
    process.chdir(join(dir, "real", "k8s"));
    try {
      expectIssue(() => writeTree(join(dir, "link", "k8s"), first), "invalid_dir", "");
    } finally {
      process.chdir(cwd);
    }
    expect(fs.readdirSync(join(dir, "real", "k8s"))).toEqual([]);
  });

  it("writes when the working directory's real path cannot be read through the given fs (it is the process's own)", () => {
    const cwd = process.cwd();
    const blind = failing("realpathSync", (a) => a[0] === cwd);
    writeTree(dir, first, { fs: blind });
    expect(Object.keys(snapshot(dir))).toContain("api/deployment.yml");
  });

  const invalid: { name: string; files: Record<string, string>; code: string; path: string }[] = [
    { name: "a path escaping with ..", files: { "../x.yml": "" }, code: "invalid_path", path: "../x.yml" },
    { name: "an absolute path", files: { "/etc/x.yml": "" }, code: "invalid_path", path: "/etc/x.yml" },
    { name: "a backslash", files: { "a\\b.yml": "" }, code: "invalid_path", path: "a\\b.yml" },
    { name: "the manifest's name", files: { [MANIFEST]: "{}" }, code: "reserved_path", path: MANIFEST },
    {
      name: "a file that is also a directory",
      files: { a: "", "a/b.yml": "" },
      code: "path_conflict",
      path: "a/b.yml",
    },
    {
      name: "names equal but for case",
      files: { "A.yml": "", "a.yml": "" },
      code: "path_conflict",
      path: "a.yml",
    },
  ];

  it("refuses files that are not a Map", () => {
    expectIssue(() => writeTree(dir, { "a.yml": "" } as unknown as Map<string, string>), "invalid_type", "");
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  it.each(invalid)("refuses $name ($code at $path)", ({ files, code, path }) => {
    expectIssue(() => writeTree(dir, tree(files)), code, path);
    expect(fs.readdirSync(parent)).toEqual([]);
  });
});

describe("writeTree: junk arguments give the library's error", () => {
  it.each([
    { name: "null options", options: null },
    { name: "a string as options", options: "fs" },
    { name: "an fs without functions", options: { fs: {} } },
    { name: "a null fs", options: { fs: null } },
  ])("refuses $name", ({ options }) => {
    const err = builderError(() => writeTree(dir, first, options as unknown as WriteTreeOptions));
    expect(err.code).toBe("INVALID_OPTIONS");
    expect(err.issues.map((i) => i.code)).toEqual(["invalid_type"]);
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  it("refuses a Map with a key that is not a string", () => {
    const files = new Map<unknown, unknown>([[1, "x"]]) as unknown as Map<string, string>;
    expectIssue(() => writeTree(dir, files), "invalid_path", "1");
  });
});
