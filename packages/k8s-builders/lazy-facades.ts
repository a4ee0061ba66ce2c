/**
 * The JS build of the library's entry loads its parts on first call, not at import (src/lazy/load.ts says how).
 * For every module that src/index.ts re-exports values from, this reads the module's exports (importing the
 * source with Node's type stripping) and, when each is a function, an exported schema (`z.lazy`) or a literal,
 * builds the module into `dist/lazy/<path>` as an entry of its own and resolves index.ts's import of it to a
 * facade: a function that loads the module and calls through, a `z.lazy` of the module's schema, the literal.
 * A module that also exports a class or a table stays in the entry, as is. The types (index.d.ts) are built
 * from the real modules, and the tests run the sources, where nothing is lazy.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** The facade's line for one export, or undefined when the export keeps its module in the entry. */
function facadeOf(name: string, value: unknown, registry: { has(s: object): boolean }): string | undefined {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return `export const ${name} = ${JSON.stringify(value)};`;
  }
  if (
    typeof value === "function" &&
    !Function.prototype.toString.call(value).startsWith("class") &&
    Object.keys(value).length === 0
  ) {
    return `export const ${name} = lazyFunction(load, ${JSON.stringify(name)});`;
  }
  // A schema with metadata of its own (a title: `primitive("DNS label", …)`) stays: the facade would lack it.
  const def = (value as { _zod?: { def?: { type?: string } } } | null)?._zod?.def;
  if (def?.type === "lazy" && !registry.has(value as object)) {
    return `export const ${name} = lazySchema(load, ${JSON.stringify(name)});`;
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
  const { globalRegistry } = await import("zod/mini");
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
  const facades = new Map<string, string>();
  const eager: string[] = [];
  for (const { path, names } of modules) {
    const exports = (await import(pathToFileURL(join(src, `${path}.ts`)).href)) as Record<string, unknown>;
    const lines: string[] = [];
    let keep: string | undefined;
    for (const name of names) {
      const line = facadeOf(name, exports[name], globalRegistry);
      if (line === undefined) {
        keep = name;
        break;
      }
      lines.push(line);
    }
    if (keep !== undefined) {
      eager.push(`${path} (${keep})`);
      continue;
    }
    facades.set(
      path,
      [
        'import { lazyFunction, lazyModule, lazySchema } from "./load.ts";',
        `const load = lazyModule(${JSON.stringify(path)});`,
        ...lines,
      ].join("\n"),
    );
  }
  return {
    entries: Object.fromEntries([...facades.keys()].map((p) => [`lazy/${p}`, `src/${p}.ts`])),
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
