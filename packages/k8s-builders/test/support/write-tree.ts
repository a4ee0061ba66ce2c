/**
 * Fixtures of the writeTree tests (src/output/write-tree*.test.ts): a fresh directory for each test, trees to
 * write, snapshots of what a directory holds, and file systems that fail on purpose.
 */
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeEach } from "vitest";
import type { TreeFs } from "../../src/output/write-tree-fs.ts";

export const MANIFEST = ".k8s-builders-manifest.json";
/** A process that runs writeTree (test/support/write-tree-child.ts). */
export const child: string = fileURLToPath(new URL("./write-tree-child.ts", import.meta.url));

/**
 * Gives each test of the file that calls it a fresh, empty parent directory and the path of a `k8s` directory
 * inside it (not created), under a temporary root deleted after the file's tests.
 */
export function eachCase(use: (c: { parent: string; dir: string }) => void): void {
  const root = fs.mkdtempSync(join(tmpdir(), "k8s-builders-write-tree-"));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  let n = 0;
  beforeEach(() => {
    const parent = join(root, `case-${n++}`);
    fs.mkdirSync(parent);
    use({ parent, dir: join(parent, "k8s") });
  });
}

export const tree = (entries: Record<string, string>): Map<string, string> =>
  new Map(Object.entries(entries));

export interface Node {
  type: "dir" | "file" | "symlink";
  mode: number;
  content?: string;
  target?: string;
  ino?: number;
  mtimeMs?: number;
}

/** Everything under `at`: type, permissions, bytes, inode and mtime of files, targets of links. */
export function snapshot(at: string): Record<string, Node> {
  const out: Record<string, Node> = {};
  const visit = (rel: string): void => {
    for (const name of fs.readdirSync(join(at, rel)).sort()) {
      const child = rel === "" ? name : `${rel}/${name}`;
      const st = fs.lstatSync(join(at, child));
      const mode = st.mode & 0o7777;
      if (st.isDirectory()) {
        out[`${child}/`] = { type: "dir", mode };
        visit(child);
      } else if (st.isSymbolicLink()) {
        out[child] = { type: "symlink", mode, target: fs.readlinkSync(join(at, child)) };
      } else {
        out[child] = {
          type: "file",
          mode,
          content: fs.readFileSync(join(at, child), "utf8"),
          ino: st.ino,
          mtimeMs: st.mtimeMs,
        };
      }
    }
  };
  visit("");
  return out;
}

/** A copy of node:fs whose `name` throws (EIO) whenever `when(args)` is true. */
export function failing(name: keyof TreeFs, when: (args: unknown[]) => boolean): TreeFs {
  const real: TreeFs = { ...fs };
  const call = real[name] as (...args: unknown[]) => unknown;
  return {
    ...real,
    [name]: (...args: unknown[]) => {
      if (when(args)) throw Object.assign(new Error(`EIO: injected ${name} failure`), { code: "EIO" });
      return call(...args);
    },
  } as TreeFs;
}

/** Fails the `k`-th call only. */
export function nth(k: number): () => boolean {
  let calls = 0;
  return () => ++calls === k;
}

/** The tree a test writes first. */
export const first = tree({
  "kustomization.yml": "resources:\n  - api/deployment.yml\n  - old/service.yml\n",
  "api/deployment.yml": "kind: Deployment\n",
  "old/service.yml": "kind: Service\n",
  "README.md": "# v1\n",
});

/** The user's files of the recovery tests: a file, a folder, a symbolic link, a file inside a generated folder. */
export function addUserFiles(at: string): void {
  fs.writeFileSync(join(at, "notes.md"), "my notes\n");
  fs.mkdirSync(join(at, "overlays", "prod"), { recursive: true });
  fs.writeFileSync(join(at, "overlays", "prod", "kustomization.yml"), "resources:\n  - ../..\n");
  fs.symlinkSync("api/deployment.yml", join(at, "link.yml"));
  fs.writeFileSync(join(at, "old", "keep.txt"), "inside a generated directory\n");
}

/** What a tree holds, without inode numbers and times (a copy is as good as the original here). */
export function contents(at: string): Record<string, Omit<Node, "ino" | "mtimeMs">> {
  return Object.fromEntries(
    Object.entries(snapshot(at)).map(([k, { ino: _, mtimeMs: __, ...rest }]) => [k, rest]),
  );
}

export const USER_FILES = ["link.yml", "notes.md", "old/keep.txt", "overlays/prod/kustomization.yml"];
/** The tree a test writes next: api changed, db added, README.md, kustomization.yml and old/ gone. */
export const next2 = tree({
  "api/deployment.yml": "kind: Deployment\nspec: {}\n",
  "db/statefulset.yml": "x\n",
});
