/** The example run as a user runs it: `node examples/call-center.ts` in a child process. */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const example = join(root, "examples/call-center.ts");

/**
 * Each test spawns the example one to three times (~0.5 s each on an idle machine); vitest's 5 s default fails
 * them on a loaded one (seen at load average 20 on 2 cores), which says nothing about the CLI.
 */
const SPAWNS = { timeout: 30_000 };

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [example, ...args], { cwd: root, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmpFile(name: string, content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "cc-cli-")), name);
  writeFileSync(file, content);
  return file;
}

describe("node examples/call-center.ts", SPAWNS, () => {
  it("prints the production bundle, byte for byte the committed golden file", () => {
    const r = run();
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^note: the bundle applies no Secrets/);
    expect(r.stdout).toBe(
      readFileSync(join(root, "packages/call-center/test/__golden__/k8s.production.yaml"), "utf8"),
    );
  });

  it("prints the staging bundle, byte for byte the committed golden file", () => {
    const r = run("--env", "staging");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      readFileSync(join(root, "packages/call-center/test/__golden__/k8s.staging.yaml"), "utf8"),
    );
  });

  it("applies a values file over the environment", () => {
    const values = tmpFile(
      "values.yaml",
      "host: calls.acme.com\ncallProcessor:\n  autoscaling:\n    maxReplicas: 20\n",
    );
    const r = run("--values", values);
    expect(r.code).toBe(0);
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS());
    expect(docs.find((d) => d.kind === "HorizontalPodAutoscaler").spec.maxReplicas).toBe(20);
    expect(docs.find((d) => d.kind === "Ingress").spec.rules[0].host).toBe("calls.acme.com");
  });

  it("prints JSON with --format json", () => {
    const r = run("--format", "json");
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout);
    expect(list.kind).toBe("List");
    expect(list.items.map((o: { kind: string }) => o.kind)).toContain("Deployment");
  });

  it("prints help", () => {
    const r = run("--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--values");
  });

  it("fails on a bad values file with every problem and its path, printing nothing to stdout", () => {
    const values = tmpFile(
      "bad.yaml",
      "callProcessor:\n  resources:\n    limits:\n      memory: 512MB\n  replicaz: 3\nhost: Bad Host\n",
    );
    const r = run("--values", values);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("→ at callProcessor.resources.limits.memory");
    expect(r.stderr).toContain("→ at callProcessor.replicaz");
    expect(r.stderr).toContain("→ at host");
  });

  it("fails on an unknown option and on an unknown environment with exit 2", () => {
    expect(run("--bogus").code).toBe(2);
    const r = run("--env", "prod");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown environment "prod"');
  });

  it("fails cleanly when the values file is missing or not YAML", () => {
    expect(run("--values", "/nonexistent/values.yaml")).toMatchObject({ code: 1, stdout: "" });
    expect(run("--values", tmpFile("x.yaml", "a: [unclosed"))).toMatchObject({ code: 1, stdout: "" });
  });

  it("refuses a bundle that fails the whole-bundle checks, naming the object and field", () => {
    const values = tmpFile("leak.yaml", "appConfig:\n  API_TOKEN: abc\n");
    const r = run("--values", values);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('CONFIG_MAP_SENSITIVE_KEY: ConfigMap "call-center/app-config"');
    expect(r.stderr).toContain("data.API_TOKEN");
  });

  it("refuses changes Kubernetes rejects on apply with --diff-against, and allows an image upgrade", () => {
    const previous = tmpFile("previous.yaml", run().stdout);
    const upgrade = tmpFile("up.yaml", "images:\n  postgres: postgres:16.11\n  redis: redis:7.4.6\n");
    const ok = run("--values", upgrade, "--diff-against", previous);
    expect(ok.code, ok.stderr).toBe(0);
    const grow = tmpFile("grow.yaml", "postgres:\n  storage: 20Gi\n");
    const refused = run("--values", grow, "--diff-against", previous);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toContain(
      'StatefulSet "call-center/postgresql": spec.volumeClaimTemplates[0].spec.resources.requests.storage',
    );
  });
});

describe("node examples/call-center.ts: where stdout cannot take the output", SPAWNS, () => {
  it.runIf(existsSync("/dev/full"))("says so in one line and exits 1 on a full disk (/dev/full)", () => {
    const full = openSync("/dev/full", "w");
    try {
      const r = spawnSync(process.execPath, [example], {
        cwd: root,
        encoding: "utf8",
        stdio: ["ignore", full, "pipe"],
      });
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split("\n").at(-1)).toBe("error: cannot write the output to stdout: ENOSPC");
      expect(r.stderr).not.toContain("Unhandled");
    } finally {
      closeSync(full);
    }
  });
});

describe("node examples/call-center.ts --out", SPAWNS, () => {
  it("blames the directory, not the values file, when the tree cannot be written", () => {
    const parent = mkdtempSync(join(tmpdir(), "cc-cli-out-"));
    writeFileSync(join(parent, "file"), "");
    const values = tmpFile("v.yaml", "host: calls.acme.com\n");
    const r = run("--values", values, "--out", join(parent, "file", "k8s"));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error \(--out .*\/file\/k8s\): writeTree ".*": 1 problem\n/);
    expect(r.stderr).not.toContain("values file");
  });

  it("says why the current directory cannot be the tree", () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-cli-dot-"));
    const r = spawnSync(process.execPath, [example, "--out", "."], { cwd: dir, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("is the current working directory: writeTree swaps in a new tree by renaming");
    expect(r.stderr).toContain("write to a subdirectory (e.g. k8s/)");
  });

  it("puts back a tree left aside by an interrupted run, and says so", () => {
    const parent = mkdtempSync(join(tmpdir(), "cc-cli-out-"));
    const out = join(parent, "k8s");
    expect(run("--out", out).code).toBe(0);
    writeFileSync(join(out, "notes.md"), "mine\n");
    renameSync(out, join(parent, ".k8s.k8s-builders-old"));
    const r = run("--out", out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `note: restored ${out} from ${join(parent, ".k8s.k8s-builders-old")}, where a write interrupted between its two renames had left it (your files: notes.md)\n`,
    );
    expect(readFileSync(join(out, "notes.md"), "utf8")).toBe("mine\n");
    expect(readdirSync(parent)).toEqual(["k8s"]);
  });
});

describe("node examples/call-center.ts --diff-against", SPAWNS, () => {
  const grow = () => tmpFile("grow.yaml", "postgres:\n  storage: 20Gi\n");
  const refusedGrowth =
    'StatefulSet "call-center/postgresql": spec.volumeClaimTemplates[0].spec.resources.requests.storage';

  it("compares against the JSON List printed by --format json", () => {
    const previous = tmpFile("previous.json", run("--format", "json").stdout);
    expect(run("--diff-against", previous).code).toBe(0);
    const r = run("--values", grow(), "--diff-against", previous);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(refusedGrowth);
  });

  it("compares against the tree written by --out", () => {
    const tree = join(mkdtempSync(join(tmpdir(), "cc-cli-tree-")), "k8s");
    expect(run("--out", tree).code).toBe(0);
    expect(run("--diff-against", tree).code).toBe(0);
    const r = run("--values", grow(), "--diff-against", tree);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(refusedGrowth);
  });

  it.each([
    {
      name: "an empty file",
      content: () => tmpFile("empty.yaml", ""),
      says: "it holds no Kubernetes objects",
    },
    {
      name: "a values file",
      content: () => tmpFile("values.yaml", "host: calls.acme.com\n"),
      says: "is not a Kubernetes object (no apiVersion, kind and metadata.name): is it a values file?",
    },
    {
      name: "another environment's bundle",
      content: () => tmpFile("staging.yaml", run("--env", "staging").stdout),
      says: "its objects are in namespace call-center-staging, this bundle's in call-center",
    },
    {
      name: "objects of another application",
      content: () =>
        tmpFile(
          "other.yaml",
          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n  namespace: call-center\ndata: {}\n",
        ),
      says: "none of its objects is in this bundle",
    },
    {
      name: "a directory that is not a tree",
      content: () => mkdtempSync(join(tmpdir(), "cc-cli-dir-")),
      says: "is a directory but not a tree written by --out",
    },
  ])("refuses $name instead of comparing nothing", ({ content, says }) => {
    const file = content();
    const r = run("--diff-against", file);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`error (--diff-against ${file}): `);
    expect(r.stderr).toContain(says);
  });

  it("refuses a billion-laughs file with a message, not a stack trace", () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(",")}]`);
    }
    const file = tmpFile("laughs.yaml", `${lines.join("\n")}\n`);
    const r = run("--diff-against", file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error \(--diff-against .*laughs\.yaml\): .*laughs\.yaml cannot be read: /);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

describe("node examples/call-center.ts: what it reads", () => {
  const quick = { timeout: 20_000 };

  it.each(["/dev/zero", "/dev/urandom"])("refuses --values %s at once (a device never ends)", (device) => {
    const r = spawnSync(process.execPath, [example, "--values", device], { encoding: "utf8", ...quick });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`cannot read values file ${device}: it is not a regular file`);
  });

  it("refuses a FIFO for --values and --diff-against without waiting for a writer", () => {
    const fifo = join(mkdtempSync(join(tmpdir(), "cc-cli-fifo-")), "values.yaml");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    for (const flag of ["--values", "--diff-against"]) {
      const r = spawnSync(process.execPath, [example, flag, fifo], { encoding: "utf8", ...quick });
      expect(r.status, flag).toBe(1);
      expect(r.stderr, flag).toContain("it is not a regular file");
    }
  });

  it("refuses a values file over 1 MiB and a previous bundle over 16 MiB before reading them", () => {
    const big = tmpFile("big.yaml", "");
    truncateSync(big, 1024 * 1024 + 1);
    const r = run("--values", big);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `cannot read values file ${big}: it is 1048577 bytes, more than the 1 MiB allowed`,
    );
    const huge = tmpFile("huge.yaml", "");
    truncateSync(huge, 16 * 1024 * 1024 + 1);
    expect(run("--diff-against", huge).stderr).toContain("more than the 16 MiB allowed");
  });

  it("refuses a values file that is not UTF-8, naming the first bad byte", () => {
    const latin1 = tmpFile("latin1.yaml", "");
    writeFileSync(
      latin1,
      Buffer.from("host: calls.example.com\nappConfig:\n  GREETING: caf\xe9\n", "latin1"),
    );
    const r = run("--values", latin1);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${latin1} is not UTF-8 text: byte 0xe9 at line 3, column 16 is not UTF-8 (save it as UTF-8)`,
    );
  });

  it.each(["__proto__", "constructor", "toString", "hasOwnProperty"])(
    "refuses --env %s as unknown",
    (env) => {
      const r = run("--env", env);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(`error: unknown environment "${env}" (expected production or staging)\n`);
    },
  );
});

describe("node examples/call-center.ts: mistakes get a clear answer", SPAWNS, () => {
  it("reports a values file's problems at their paths in the file, every stage in one run", () => {
    const values = tmpFile(
      "several.yaml",
      [
        "host: Bad Host",
        "callProcessor:",
        "  replicaz: 3",
        "  autoscaling:",
        "    maxReplicas: 1",
        "  resources:",
        "    requests:",
        "      memory: 1Gi",
        "appConfig:",
        "  API_TOKEN: abc",
        "",
      ].join("\n"),
    );
    const r = run("--values", values);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`error (values file ${values}): 4 problems\n`);
    for (const path of [
      "host",
      "callProcessor.replicaz",
      "callProcessor.autoscaling.minReplicas",
      "callProcessor.resources.requests.memory",
    ]) {
      expect(r.stderr).toContain(`→ at ${path}\n`);
    }
    expect(r.stderr).not.toContain("containers[0]");
    // The rest of the file still went through the bundle checks.
    expect(r.stderr).toContain('CONFIG_MAP_SENSITIVE_KEY: ConfigMap "call-center/app-config"');
  });

  it.each([
    { args: ["--valeus", "v.yaml"], says: "unknown option --valeus (did you mean --values?)" },
    { args: ["--diff", "x.yaml"], says: "unknown option --diff (did you mean --diff-against?)" },
    { args: ["--ouput", "k8s/"], says: "unknown option --ouput (did you mean --out?)" },
    {
      args: ["--env", "prod"],
      says: 'unknown environment "prod" (expected production or staging; did you mean "production"?)',
    },
    { args: ["--env", "stagin"], says: 'did you mean "staging"?' },
    { args: ["k8s.yaml"], says: 'unexpected argument "k8s.yaml"' },
  ])("suggests what was meant: $args", ({ args, says }) => {
    const r = run(...args);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toContain(says);
  });

  it("suggests the format meant by a misspelt one", () => {
    const r = run("--format", "jsn");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: unknown format "jsn" (expected yaml or json; did you mean "json"?)\n');
  });

  it("suggests the key meant by a misspelt values key", () => {
    const r = run("--values", tmpFile("typo.yaml", "callProcessor:\n  replicaz: 3\n"));
    expect(r.stderr).toContain(
      'unknown option "replicaz" (did you mean "replicas"?) → at callProcessor.replicaz',
    );
  });

  it("refuses --out with --format json instead of writing YAML without a word", () => {
    const out = join(mkdtempSync(join(tmpdir(), "cc-cli-json-")), "k8s");
    const r = run("--out", out, "--format", "json");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--out writes the tree as YAML files for kustomize");
    expect(existsSync(out)).toBe(false);
  });
});
