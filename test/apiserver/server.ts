// The running kube-apiserver of `node scripts/apiserver.mjs start`, over HTTPS from node: discovery, create,
// server-side apply, get, delete, each optionally as a server-side dry run, with the server's warnings.
// Throws (never skips) when no server is running: `npm run test:apiserver` must not pass without one.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { Agent, request } from "node:https";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const rootDir: string = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const stateFile = join(rootDir, ".tools", "apiserver", "state.json");

export interface ServerState {
  readonly server: string;
  readonly token: string;
  readonly ca: string;
  readonly kubeconfig: string;
  readonly versions: Readonly<Record<string, string>>;
}

export type Json = Record<string, unknown>;
export interface K8sObject extends Json {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: unknown };
}

export interface Reply {
  readonly status: number;
  readonly body: Json;
  /** The server's `Warning` headers (admission warnings, unknown or duplicate fields…). */
  readonly warnings: string[];
}

/** The API's refusal text of a reply, or "" when it was accepted. */
export const refusal = (r: Reply): string =>
  r.status < 300 ? "" : String(r.body.message ?? JSON.stringify(r.body).slice(0, 500));

interface Resource {
  readonly plural: string;
  readonly namespaced: boolean;
}

export const FIELD_MANAGER = "k8s-builders-apiserver-test";

function parseWarnings(header: string | string[] | undefined): string[] {
  const all = header === undefined ? [] : Array.isArray(header) ? header : [header];
  // `299 - "text"`, several per header separated by commas outside quotes.
  return all.flatMap((h) => [...h.matchAll(/\d{3} \S+ "((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] ?? ""));
}

export class Server {
  readonly state: ServerState;
  readonly #agent: Agent;
  readonly #resources = new Map<string, Resource>();

  constructor(state: ServerState) {
    this.state = state;
    this.#agent = new Agent({ ca: readFileSync(state.ca), keepAlive: true, maxSockets: 8 });
  }

  close(): void {
    this.#agent.destroy();
  }

  /** One request; the body is JSON (or an apply patch, which is JSON too). */
  call(method: string, path: string, body?: unknown, contentType = "application/json"): Promise<Reply> {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((res, rej) => {
      const req = request(
        `${this.state.server}${path}`,
        {
          method,
          agent: this.#agent,
          headers: {
            authorization: `Bearer ${this.state.token}`,
            accept: "application/json",
            ...(data === undefined ? {} : { "content-type": contentType, "content-length": data.length }),
          },
          timeout: 60_000,
        },
        (r) => {
          const chunks: Buffer[] = [];
          r.on("data", (c: Buffer) => chunks.push(c));
          r.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed: Json;
            try {
              parsed = text === "" ? {} : (JSON.parse(text) as Json);
            } catch {
              parsed = { message: text };
            }
            res({ status: r.statusCode ?? 0, body: parsed, warnings: parseWarnings(r.headers.warning) });
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${path}: timeout`)));
      req.on("error", rej);
      req.end(data);
    });
  }

  async #json(path: string): Promise<Json> {
    const r = await this.call("GET", path);
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${refusal(r)}`);
    return r.body;
  }

  /**
   * One group-version's discovery document. A group-version that /apis lists may answer 404 for a moment after
   * its CRD is established (the discovery controller catches up; seconds on a loaded machine): asked again.
   */
  async #groupVersion(gv: string): Promise<Json> {
    const path = gv === "v1" ? "/api/v1" : `/apis/${gv}`;
    for (let attempt = 0; ; attempt++) {
      const r = await this.call("GET", path);
      if (r.status === 200) return r.body;
      if (r.status !== 404 || attempt >= 150) throw new Error(`GET ${path}: ${r.status} ${refusal(r)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Reads the discovery documents again (after CRDs were installed). */
  async discover(): Promise<void> {
    this.#resources.clear();
    const versions: string[] = ["v1"];
    const groups = (await this.#json("/apis")).groups as { versions: { groupVersion: string }[] }[];
    for (const g of groups) versions.push(...g.versions.map((v) => v.groupVersion));
    await Promise.all(
      versions.map(async (gv) => {
        const list = await this.#groupVersion(gv);
        for (const r of list.resources as { name: string; kind: string; namespaced: boolean }[]) {
          if (!r.name.includes("/"))
            this.#resources.set(`${gv}/${r.kind}`, { plural: r.name, namespaced: r.namespaced });
        }
      }),
    );
  }

  resource(apiVersion: string, kind: string): Resource {
    const r = this.#resources.get(`${apiVersion}/${kind}`);
    if (r === undefined)
      throw new Error(`the server serves no ${kind} in ${apiVersion} (is its CRD installed?)`);
    return r;
  }

  /** The collection path of an object's kind (in its namespace, or `namespace` when given). */
  collection(
    o: { apiVersion: string; kind: string; metadata?: { namespace?: string } },
    namespace?: string,
  ): string {
    const { plural, namespaced } = this.resource(o.apiVersion, o.kind);
    const base = o.apiVersion.includes("/") ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
    const ns = namespace ?? o.metadata?.namespace ?? "default";
    return namespaced ? `${base}/namespaces/${ns}/${plural}` : `${base}/${plural}`;
  }

  item(o: K8sObject): string {
    return `${this.collection(o)}/${encodeURIComponent(o.metadata.name)}`;
  }

  /** POST (create); `dryRun` sends `dryRun=All`. Unknown and duplicate fields are errors (Strict). */
  create(o: Json, opts: { dryRun?: boolean; namespace?: string } = {}): Promise<Reply> {
    const query = `?fieldValidation=Strict${opts.dryRun ? "&dryRun=All" : ""}`;
    return this.call("POST", `${this.collection(o as K8sObject, opts.namespace)}${query}`, o);
  }

  /** Server-side apply (PATCH application/apply-patch+yaml; JSON is YAML), forcing conflicts. */
  apply(o: K8sObject, opts: { dryRun?: boolean } = {}): Promise<Reply> {
    const query = `?fieldManager=${FIELD_MANAGER}&force=true&fieldValidation=Strict${opts.dryRun ? "&dryRun=All" : ""}`;
    return this.call("PATCH", `${this.item(o)}${query}`, o, "application/apply-patch+yaml");
  }

  /** PUT (update) of an object read before, with its resourceVersion. */
  update(o: K8sObject): Promise<Reply> {
    return this.call("PUT", `${this.item(o)}?fieldValidation=Strict`, o);
  }

  get(o: K8sObject): Promise<Reply> {
    return this.call("GET", this.item(o));
  }

  delete(o: K8sObject): Promise<Reply> {
    return this.call("DELETE", this.item(o));
  }

  /** The pinned kubectl with this server's kubeconfig: exit status, stdout, stderr. */
  kubectl(args: readonly string[], input?: string): { status: number; stdout: string; stderr: string } {
    const bin = join(rootDir, ".tools", "bin", "kubectl");
    try {
      const stdout = execFileSync(bin, ["--kubeconfig", this.state.kubeconfig, ...args], {
        input,
        encoding: "utf8",
        stdio: ["pipe", "pipe", "pipe"],
        maxBuffer: 64 * 1024 * 1024,
      });
      return { status: 0, stdout, stderr: "" };
    } catch (e) {
      const err = e as { status?: number; stdout?: string; stderr?: string };
      return { status: err.status ?? 1, stdout: err.stdout ?? "", stderr: err.stderr ?? String(e) };
    }
  }
}

/**
 * Creates a namespace for real (unless it exists), with the `default` ServiceAccount that kube-controller-manager
 * would add (the ServiceAccount admission plugin refuses pods without it; no controller runs here).
 */
export async function ensureNamespace(server: Server, name: string, labels: Record<string, string> = {}) {
  const ns = await server.create({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels } });
  if (ns.status !== 201 && ns.status !== 409) return `namespace ${JSON.stringify(name)}: ${refusal(ns)}`;
  const sa = await server.create({
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: "default", namespace: name },
  });
  if (sa.status !== 201 && sa.status !== 409) return `namespace ${JSON.stringify(name)}: ${refusal(sa)}`;
  return "";
}

/** The running server, or an error that says how to start one. */
export async function connect(): Promise<Server> {
  if (!existsSync(stateFile)) {
    throw new Error(
      "no kube-apiserver is running: `node scripts/apiserver.mjs start` first (npm run test:apiserver needs it)",
    );
  }
  const server = new Server(JSON.parse(readFileSync(stateFile, "utf8")) as ServerState);
  const ready = await server
    .call("GET", "/readyz")
    .catch((e: unknown) => ({ status: 0, body: { message: String(e) } }));
  if (ready.status !== 200) {
    server.close();
    throw new Error(
      `the kube-apiserver at ${server.state.server} is not ready: ${JSON.stringify(ready.body)}`,
    );
  }
  await server.discover();
  return server;
}

/** Runs `fn` over `items` with at most `limit` in flight (the server and the machine are shared). */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
