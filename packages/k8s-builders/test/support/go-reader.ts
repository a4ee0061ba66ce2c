// Go's YAML readers, through the pinned kubectl, offline (KUBECONFIG=/dev/null), for the differential serializer
// test: what `kubectl apply -f` reads (sigs.k8s.io/yaml), and what `kubectl apply -k` reads (Kustomize's kyaml,
// whose output is then read by sigs.k8s.io/yaml again).
//
// `kubectl annotate --local -f DIR -o json <key>-` reads every file of DIR without a cluster, removes an
// annotation that is not there, and prints each object as JSON; a file it cannot read is reported by name on
// stderr and the other files are still printed. So documents are written 100 to a file, and the documents of a
// refused file are read again one per file: two kubectl runs say which documents Go refuses. Kustomize stops at
// the first bad document, so a failing Kustomize run is narrowed down by halving.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kubectlPath } from "./kubectl.ts";

const ENV = { ...process.env, KUBECONFIG: "/dev/null" };
const CHUNK = 100;

/** What Go read: the objects (as JSON data) by `metadata.name`, and the documents it refused, by index. */
export interface GoRead {
  readonly objects: Map<string, Record<string, unknown>>;
  readonly refused: Map<number, string>;
}

function kubectl(
  args: readonly string[],
  input?: string,
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(kubectlPath(), args, {
    encoding: "utf8",
    env: ENV,
    maxBuffer: 1 << 30,
    ...(input === undefined ? {} : { input }),
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The objects of `kubectl -o json` output: pretty-printed objects one after another. */
function jsonObjects(stdout: string): Record<string, unknown>[] {
  return stdout
    .split("\n}\n")
    .filter((part) => part.trim() !== "")
    .map((part) => JSON.parse(`${part}\n}`) as Record<string, unknown>);
}

function nameOf(o: Record<string, unknown>): string {
  const meta = o.metadata as { name?: unknown } | undefined;
  return typeof meta?.name === "string" ? meta.name : "";
}

/** Runs `kubectl annotate --local` over files; returns the objects and, per refused file, kubectl's message. */
function annotateLocal(
  dir: string,
  files: readonly string[],
): { objects: Record<string, unknown>[]; refused: Map<string, string> } {
  const r = kubectl(["annotate", "--local", "-o", "json", "-f", dir, "k8s-builders.test/unused-"]);
  const refused = new Map<string, string>();
  for (const line of r.stderr.split("\n")) {
    const file = files.find((f) => line.includes(`${join(dir, f)}"`) || line.includes(`${join(dir, f)}:`));
    if (file !== undefined) refused.set(file, line.trim());
    else if (line.trim() !== "") throw new Error(`kubectl annotate --local: ${line}`);
  }
  if (r.status !== 0 && refused.size === 0) throw new Error(`kubectl annotate --local failed: ${r.stderr}`);
  return { objects: jsonObjects(r.stdout), refused };
}

/** Reads YAML documents (each one object with a unique `metadata.name`) the way `kubectl apply -f` does. */
export function goRead(docs: readonly string[]): GoRead {
  if (docs.length === 0) return { objects: new Map(), refused: new Map() };
  const root = mkdtempSync(join(tmpdir(), "k8s-builders-go-"));
  try {
    const objects = new Map<string, Record<string, unknown>>();
    const refused = new Map<number, string>();
    const chunks = join(root, "chunks");
    mkdirSync(chunks);
    const files: string[] = [];
    for (let i = 0; i < docs.length; i += CHUNK) {
      const file = `chunk-${i}.yaml`;
      writeFileSync(join(chunks, file), docs.slice(i, i + CHUNK).join("---\n"));
      files.push(file);
    }
    const first = annotateLocal(chunks, files);
    for (const o of first.objects) objects.set(nameOf(o), o);
    if (first.refused.size > 0) {
      const single = join(root, "single");
      mkdirSync(single);
      const again: string[] = [];
      for (const file of first.refused.keys()) {
        const start = Number(/chunk-(\d+)/.exec(file)?.[1]);
        for (let i = start; i < Math.min(start + CHUNK, docs.length); i++) {
          writeFileSync(join(single, `doc-${i}.yaml`), docs[i] as string);
          again.push(`doc-${i}.yaml`);
        }
      }
      const second = annotateLocal(single, again);
      for (const o of second.objects) objects.set(nameOf(o), o);
      for (const [file, message] of second.refused) refused.set(Number(/doc-(\d+)/.exec(file)?.[1]), message);
    }
    return { objects, refused };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** `kubectl kustomize` over a directory holding the documents; the output stream, or kubectl's message. */
function kustomize(
  root: string,
  docs: readonly string[],
): { ok: true; text: string } | { ok: false; message: string } {
  const dir = mkdtempSync(join(root, "k-"));
  writeFileSync(join(dir, "kustomization.yaml"), "resources:\n  - all.yaml\n");
  writeFileSync(join(dir, "all.yaml"), docs.join("---\n"));
  const r = kubectl(["kustomize", dir]);
  rmSync(dir, { recursive: true, force: true });
  if (r.status === 0) return { ok: true, text: r.stdout };
  return { ok: false, message: r.stderr.trim().split("\n")[0] ?? "" };
}

/**
 * Reads YAML documents the way `kubectl apply -k` does: Kustomize reads and rewrites them, then
 * sigs.k8s.io/yaml reads its output. Documents Kustomize refuses are found by halving (at most `maxRefused`).
 */
export function kustomizeThenGoRead(docs: readonly string[], maxRefused = 8): GoRead {
  const root = mkdtempSync(join(tmpdir(), "k8s-builders-kustomize-"));
  try {
    const refused = new Map<number, string>();
    let indices = docs.map((_, i) => i);
    let out = kustomize(root, docs);
    while (!out.ok && refused.size < maxRefused) {
      // Find the first refused document: the shortest failing prefix.
      let lo = 0;
      let hi = indices.length;
      let message = out.message;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        const r = kustomize(
          root,
          indices.slice(0, mid).map((i) => docs[i] as string),
        );
        if (r.ok) lo = mid;
        else {
          hi = mid;
          message = r.message;
        }
      }
      const bad = indices[hi - 1] as number;
      refused.set(bad, message);
      indices = indices.filter((i) => i !== bad);
      out = kustomize(
        root,
        indices.map((i) => docs[i] as string),
      );
    }
    if (!out.ok) return { objects: new Map(), refused };
    const rewritten = out.text.split(/^---\n/m).filter((d) => d.trim() !== "");
    const byName = new Map(rewritten.map((d, i) => [/^ {2}name: (.*)$/m.exec(d)?.[1] ?? `#${i}`, i]));
    const go = goRead(rewritten);
    for (const [i, message] of go.refused) {
      const name = [...byName].find(([, j]) => j === i)?.[0] ?? `#${i}`;
      const index = docs.findIndex((d) => d.includes(`  name: ${name}\n`));
      refused.set(index, `after Kustomize: ${message}`);
    }
    return { objects: go.objects, refused };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
