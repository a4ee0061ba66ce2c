/**
 * The JS build of the library's entry loads its parts on first use, not at import (src/lazy/load.ts).
 * For every module that src/index.ts re-exports values from, this reads the exports index.ts takes (importing
 * the source with Node's type stripping) and, when each is a function, an object made by a class (a schema,
 * zod's registry) or a literal, resolves index.ts's import of the module to a facade: a function that requires
 * the module's part and calls through, a proxy of the part's object, the literal. The modules form two parts,
 * `dist/lazy/base` and `dist/lazy/library`, built from entries generated here (not committed). A module
 * stays in the entry, as is, when it imports nothing (it costs only its own bytes) or gives the entry a table
 * (a plain object or an array) or a class. The types (index.d.ts) are built from the real modules, and the
 * tests run the sources, where nothing is lazy.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** The facade of one export (an expression), or undefined when the export keeps its module in the entry. */
function facadeOf(name: string, value: unknown): string | undefined {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return JSON.stringify(value);
  }
  if (
    typeof value === "function" &&
    !Function.prototype.toString.call(value).startsWith("class") &&
    Object.keys(value).length === 0
  ) {
    return `lazyFunction(load, ${JSON.stringify(name)})`;
  }
  // A schema, zod's registry: objects made by a class (not tables, which are plain objects or arrays).
  if (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.getPrototypeOf(value) !== Object.prototype &&
    Object.isExtensible(value)
  ) {
    return `lazyObject(load, ${JSON.stringify(name)})`;
  }
  return undefined;
}

export interface LazyPlan {
  /** tsup entries: `lazy/<path>` → `src/<path>.ts`. */
  readonly entries: Record<string, string>;
  /** The modules kept in the entry, each with the export that keeps it there. */
  readonly eager: readonly string[];
  /** The esbuild plugin that resolves index.ts's imports of the lazy modules to their facades. */
  readonly plugin: {
    name: string;
    setup(build: EsbuildPluginBuild): void;
  };
}

interface EsbuildPluginBuild {
  onResolve(
    o: { filter: RegExp; namespace?: string },
    f: (a: { path: string; importer: string }) => { path: string; namespace?: string } | undefined,
  ): void;
  onLoad(
    o: { filter: RegExp; namespace: string },
    f: (a: { path: string }) => { contents: string; loader: "js"; resolveDir: string },
  ): void;
}

/** Plans the lazy parts of `<packageDir>/src/index.ts`. */
export async function lazyPlan(packageDir: string): Promise<LazyPlan> {
  const src = join(packageDir, "src");
  const index = join(src, "index.ts");
  // `export { … } from "./x.ts"`: the module and the names of the values index.ts takes from it (not `type`).
  const modules = [...readFileSync(index, "utf8").matchAll(/^export \{([^}]*)\} from "\.\/([^"]+)\.ts";/gm)]
    .map(([, names, path]) => ({
      path: path as string,
      names: (names ?? "")
        .split(",")
        .map((n) => n.trim())
        .filter((n) => n !== "" && !n.startsWith("type "))
        .map((n) => n.split(/\s+as\s+/)[0] as string),
    }))
    .filter(({ names }) => names.length > 0);
  // `export * as z from "./x.ts"`: every export of the module.
  for (const [, path] of readFileSync(index, "utf8").matchAll(
    /^export \* as \w+ from "\.\/([^"]+)\.ts";/gm,
  )) {
    const all = await import(pathToFileURL(join(src, `${path}.ts`)).href);
    modules.push({ path: path as string, names: Object.keys(all) });
  }
  const facades = new Map<string, string>();
  const parts = new Map<string, string[]>();
  const eager: string[] = [];
  for (const { path, names } of modules) {
    // A module that imports nothing costs only its own bytes: kept (`once`, which compositions call at import).
    if (!/^(import (?!type )|export [^;]*? from )/m.test(readFileSync(join(src, `${path}.ts`), "utf8"))) {
      eager.push(`${path} (imports nothing)`);
      continue;
    }
    const exports = (await import(pathToFileURL(join(src, `${path}.ts`)).href)) as Record<string, unknown>;
    const lines: string[] = [];
    let keep: string | undefined;
    for (const name of names) {
      const line = facadeOf(name, exports[name]);
      if (line === undefined) {
        keep = name;
        break;
      }
      // `export { e0 as enum }`: an export may be named with a reserved word (zod's `enum`).
      lines.push(`const e${lines.length} = ${line};`, `export { e${lines.length} as ${name} };`);
    }
    if (keep !== undefined) {
      eager.push(`${path} (${keep})`);
      continue;
    }
    // Two parts: base (zod, the option helpers, primitives: what a composition needs to declare its schemas at
    // import) and the library. Each part and each set of parts sharing code makes files (esbuild's chunks), and
    // resolving and linking the imports between them cost more than loading code a program may not call: all
    // modules took 43 ms of CPU here with 2 parts, 48 with 3, 74 with one per directory (9), 40 before.
    const part = path.startsWith("base/") ? "base" : "library";
    facades.set(
      path,
      [
        'import { lazyFunction, lazyModule, lazyObject } from "./load.ts";',
        `const load = lazyModule(${JSON.stringify(part)});`,
        ...lines,
      ].join("\n"),
    );
    const partExports = parts.get(part) ?? [];
    partExports.push(`export { ${names.join(", ")} } from ${JSON.stringify(join(src, `${path}.ts`))};`);
    parts.set(part, partExports);
  }
  // The entry of each part: generated (not committed) beside the build's other caches.
  const generated = join(packageDir, "node_modules/.cache/lazy-parts");
  rmSync(generated, { recursive: true, force: true });
  mkdirSync(generated, { recursive: true });
  for (const [part, exports] of parts)
    writeFileSync(join(generated, `${part}.ts`), `${exports.join("\n")}\n`);
  return {
    entries: Object.fromEntries([...parts.keys()].map((p) => [`lazy/${p}`, join(generated, `${p}.ts`)])),
    eager,
    plugin: {
      name: "lazy-facades",
      setup(build) {
        build.onResolve({ filter: /^\.\/.*\.ts$/ }, ({ path, importer }) => {
          const module = importer === index ? path.slice(2, -3) : undefined;
          return module !== undefined && facades.has(module)
            ? { path: module, namespace: "lazy-facade" }
            : undefined;
        });
        build.onLoad({ filter: /.*/, namespace: "lazy-facade" }, ({ path }) => ({
          contents: facades.get(path) ?? "",
          loader: "js",
          resolveDir: join(src, "lazy"),
        }));
      },
    },
  };
}
