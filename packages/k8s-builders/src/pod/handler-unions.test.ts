// The options whose forms exclude each other (a probe's handler, a lifecycle hook's, an env value's source, an
// envFrom's object) are exclusive unions in the types too: what the schema refuses at run time for having two
// forms does not compile. `npm run typecheck` checks the `@ts-expect-error` lines and `expectTypeOf`s; the
// runtime asserts show that each refused literal is refused by the builder as well.
import { describe, expect, expectTypeOf, it } from "vitest";
import { expectIssue } from "../../test/support/errors.ts";
import { deployment } from "../kinds/deployment.ts";
import type { ContainerOptions, InitContainerOptions } from "./container.ts";
import type { EnvFromOptions, EnvOptions } from "./env.ts";
import type { ProbeOptions } from "./probe.ts";

type Hook = NonNullable<NonNullable<ContainerOptions["lifecycle"]>["preStop"]>;
type EnvValue = EnvOptions[string];
type SidecarProbe = NonNullable<InitContainerOptions["readinessProbe"]>;

const http = { path: "/ready", port: 8080 };
const tcp = { port: 8080 };
const keyRef = { name: "db", key: "password" };
const app = { name: "api", image: "ghcr.io/acme/api:1.4.2", ports: [{ name: "http", containerPort: 8080 }] };
const build = (container: Partial<ContainerOptions>) => () =>
  deployment({ name: "api", containers: [{ ...app, ...container } as ContainerOptions] });

describe("probes", () => {
  it("take each handler alone, with its timing", () => {
    expectTypeOf({ http, periodSeconds: 5 }).toExtend<ProbeOptions>();
    expectTypeOf({ tcp }).toExtend<ProbeOptions>();
    expectTypeOf({ exec: { command: ["true"] } }).toExtend<ProbeOptions>();
    expectTypeOf({ grpc: { port: 9090 } }).toExtend<ProbeOptions>();
    expectTypeOf({ http, tcp: undefined }).toExtend<ProbeOptions>();
    expectTypeOf({ tcp }).toExtend<SidecarProbe>();
  });

  it("with two handlers do not compile", () => {
    expectTypeOf({ http, tcp }).not.toExtend<ProbeOptions>();
    expectTypeOf({ exec: { command: ["true"] }, grpc: { port: 9090 } }).not.toExtend<ProbeOptions>();
    expectTypeOf({ http, tcp }).not.toExtend<SidecarProbe>();
    // @ts-expect-error -- two handlers
    const probe: ProbeOptions = { http, tcp };
    expect(probe).toEqual({ http, tcp });
  });

  it("without a handler do not compile", () => {
    expectTypeOf({ periodSeconds: 5 }).not.toExtend<ProbeOptions>();
  });

  it("with two handlers are refused at run time, at the probe", () => {
    // @ts-expect-error -- two handlers
    expectIssue(build({ readinessProbe: { http, tcp } }), "invalid_value", "containers[0].readinessProbe");
  });
});

describe("lifecycle hooks", () => {
  it("take each handler alone", () => {
    expectTypeOf({ sleep: 5 }).toExtend<Hook>();
    expectTypeOf({ http: { path: "/drain", port: 8080 } }).toExtend<Hook>();
    expectTypeOf({ exec: { command: ["drain"] } }).toExtend<Hook>();
  });

  it("with two handlers do not compile", () => {
    expectTypeOf({ sleep: 5, exec: { command: ["drain"] } }).not.toExtend<Hook>();
    // @ts-expect-error -- two handlers
    const hook: Hook = { sleep: 5, exec: { command: ["drain"] } };
    expect(hook).toEqual({ sleep: 5, exec: { command: ["drain"] } });
  });
});

describe("env values", () => {
  it("take a literal or each source alone", () => {
    expectTypeOf("literal").toExtend<EnvValue>();
    expectTypeOf({ secretKeyRef: keyRef }).toExtend<EnvValue>();
    expectTypeOf({ configMapKeyRef: keyRef }).toExtend<EnvValue>();
    expectTypeOf({ fieldRef: { fieldPath: "metadata.name" } }).toExtend<EnvValue>();
    expectTypeOf({ resourceFieldRef: { resource: "limits.memory" as const } }).toExtend<EnvValue>();
  });

  it("with two sources do not compile", () => {
    expectTypeOf({ secretKeyRef: keyRef, configMapKeyRef: keyRef }).not.toExtend<EnvValue>();
    expectTypeOf({
      fieldRef: { fieldPath: "metadata.name" },
      resourceFieldRef: { resource: "limits.memory" as const },
    }).not.toExtend<EnvValue>();
    // @ts-expect-error -- two sources
    const env: EnvOptions = { DB: { secretKeyRef: keyRef, configMapKeyRef: keyRef } };
    expect(env).toEqual({ DB: { secretKeyRef: keyRef, configMapKeyRef: keyRef } });
  });

  it("with two sources are refused at run time", () => {
    expectIssue(
      // @ts-expect-error -- two sources
      build({ env: { DB: { secretKeyRef: keyRef, configMapKeyRef: keyRef } } }),
      "invalid_type",
      "containers[0].env.DB",
    );
  });
});

describe("envFrom", () => {
  it("takes a ConfigMap or a Secret", () => {
    expectTypeOf({ configMap: "settings", prefix: "APP_" }).toExtend<EnvFromOptions>();
    expectTypeOf({ secret: "db" }).toExtend<EnvFromOptions>();
  });

  it("with both, or neither, does not compile", () => {
    expectTypeOf({ configMap: "settings", secret: "db" }).not.toExtend<EnvFromOptions>();
    expectTypeOf({ prefix: "APP_" }).not.toExtend<EnvFromOptions>();
  });
});
