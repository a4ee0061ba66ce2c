// Every bundle the project emits, as YAML: what `npm run test:apiserver` sends to the real API server.
// Add an entry when the project emits a new bundle (an example, an environment, a values file): values files
// in examples/values/ and golden files are found by themselves.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ENVIRONMENTS, runCli } from "@call-center/bundle";
import {
  deployment,
  gateway,
  grpcRoute,
  httpRoute,
  namespace,
  serviceFor,
  toYaml,
} from "@call-center/k8s-builders";
import { rootDir } from "./server.ts";

export interface EmittedBundle {
  /** How a person names it: the command or file it comes from. */
  readonly name: string;
  /** Its multi-document YAML, exactly as a user gets it. */
  readonly yaml: () => Promise<string>;
}

/** `node examples/call-center.ts ARGS`, run in-process (the same `runCli`), stdout as the bundle. */
export function fromCli(args: readonly string[]): EmittedBundle {
  return {
    name: `node examples/call-center.ts ${args.join(" ")}`.trimEnd(),
    yaml: async () => {
      let out = "";
      let err = "";
      const code = await runCli(args, {
        stdout: (t) => {
          out += t;
        },
        stderr: (t) => {
          err += t;
        },
        readFile: (p) => readFileSync(join(rootDir, p)),
        isDirectory: () => false,
        writeFiles: () => {
          throw new Error("--out is not used here");
        },
      });
      if (code !== 0) throw new Error(`exit ${code}: ${err}`);
      return out;
    },
  };
}

/** `node EXAMPLE` (an example of examples/ printing its bundle), run as CI runs it, against the built packages. */
export function fromExample(path: string): EmittedBundle {
  return {
    name: `node ${path}`,
    yaml: async () => {
      const r = spawnSync(process.execPath, [path], { cwd: rootDir, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stderr}`);
      return r.stdout;
    },
  };
}

/** A committed YAML file (repository-relative). */
export function fromFile(path: string): EmittedBundle {
  return { name: path, yaml: async () => readFileSync(join(rootDir, path), "utf8") };
}

/** Objects built in the test with the library's builders, through `toYaml`. */
export function fromObjects(name: string, build: () => readonly object[]): EmittedBundle {
  return { name, yaml: async () => toYaml(build()) };
}

/** The Gateway API builders with most of their options: the server checks them against the CRDs' CEL rules too. */
const gatewayApi = fromObjects("gateway, httpRoute and grpcRoute (library)", () => {
  const ns = "gateway-api";
  // A workload behind the routes: the apply test also creates a Pod from every pod template.
  const app = deployment({
    name: "api",
    namespace: ns,
    containers: [
      {
        name: "api",
        image: "ghcr.io/example/api:1.0.0",
        ports: [
          { name: "http", containerPort: 8080 },
          { name: "grpc", containerPort: 9000 },
        ],
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "128Mi" } },
      },
    ],
  });
  const api = serviceFor(app, { ports: ["http", "grpc"] });
  const web = gateway({
    name: "web",
    namespace: ns,
    gatewayClassName: "example",
    listeners: [
      { name: "http", protocol: "HTTP", hostname: "calls.example.com" },
      {
        name: "https",
        protocol: "HTTPS",
        hostname: "*.example.com",
        tls: { certificateRefs: ["calls-tls"] },
        allowedRoutes: { namespaces: { selector: { team: "calls" } }, kinds: ["HTTPRoute", "GRPCRoute"] },
      },
      {
        name: "sip",
        protocol: "TLS",
        port: 5061,
        tls: { mode: "Passthrough" },
        allowedRoutes: { namespaces: "All" },
      },
    ],
  });
  return [
    namespace({ name: ns }),
    app,
    api,
    web,
    httpRoute({
      name: "redirect",
      namespace: ns,
      parentRefs: [{ gateway: web, sectionName: "http" }],
      rules: [{ filters: [{ requestRedirect: { scheme: "https", statusCode: 301 } }] }],
    }),
    // Fields no option models, set by a patch typed from the CRD: the server must take them as the checks did.
    httpRoute({
      name: "mirrored",
      namespace: ns,
      parentRefs: [{ gateway: web, sectionName: "https" }],
      hostnames: ["mirror.example.com"],
      rules: [{ backends: [{ service: api, port: "http" }] }],
      patch: {
        spec: {
          rules: [
            {
              filters: [
                { type: "RequestMirror", requestMirror: { backendRef: { name: "api", port: 8080 } } },
              ],
              backendRefs: [{ name: "api", port: 8080 }],
            },
          ],
        },
      },
    }),
    httpRoute({
      name: "api",
      namespace: ns,
      parentRefs: [{ gateway: web, sectionName: "https", port: 443 }],
      hostnames: ["calls.example.com"],
      rules: [
        {
          name: "api",
          matches: [
            { path: { value: "/api" }, headers: [{ name: "X-Tenant", value: "a" }], method: "GET" },
            { path: { type: "Exact", value: "/api/v1/calls;x=1" }, queryParams: [{ name: "v", value: "2" }] },
          ],
          filters: [
            { requestHeaderModifier: { set: { "X-Forwarded-Prefix": "/api" }, remove: ["X-Debug"] } },
            { responseHeaderModifier: { add: { "Cache-Control": "no-store" } } },
          ],
          backends: [{ service: api, port: "http", weight: 90 }],
          timeouts: { request: "30s", backendRequest: "10s" },
        },
        {
          name: "admin",
          matches: [{ path: { value: "/admin" } }],
          filters: [{ urlRewrite: { hostname: "admin.internal", path: { replacePrefixMatch: "/" } } }],
          backends: [{ service: api, port: 8080 }],
        },
        {
          name: "ws",
          matches: [{ path: { type: "RegularExpression", value: "^/ws/[0-9]+$" } }],
          backends: [{ service: api, port: "http" }],
          timeouts: { request: "0s", backendRequest: "1h" },
        },
      ],
    }),
    grpcRoute({
      name: "dialer",
      namespace: ns,
      parentRefs: [{ gateway: web, sectionName: "https" }],
      hostnames: ["grpc.example.com"],
      rules: [
        {
          matches: [
            {
              method: { service: "calls.v1.Dialer", method: "Dial" },
              headers: [{ name: "x-tenant", value: "a" }],
            },
          ],
          filters: [{ requestHeaderModifier: { add: { "x-route": "grpc" } } }],
          backends: [{ service: api, port: "grpc" }],
        },
      ],
    }),
  ];
});

const list = (dir: string, ext: string): string[] =>
  readdirSync(join(rootDir, dir))
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => `${dir}/${f}`);

const environments = Object.keys(ENVIRONMENTS);

/**
 * The bundles: each environment, each values example in each environment, each golden file, the Gateway API
 * builders, and the newcomer's example (with a cert-manager Certificate).
 */
export const BUNDLES: readonly EmittedBundle[] = [
  ...environments.map((env) => fromCli(["--env", env])),
  ...list("examples/values", ".yaml").flatMap((values) =>
    environments.map((env) => fromCli(["--env", env, "--values", values])),
  ),
  ...list("packages/call-center/test/__golden__", ".yaml").map(fromFile),
  gatewayApi,
  fromExample("examples/newcomer-service.ts"),
];
