/**
 * Fixtures of the secret hygiene tests (src/checks/rules/secret-hygiene*.test.ts): Secrets, ConfigMaps and a
 * Deployment holding the values under test.
 */
import { configMap } from "../../src/kinds/config-map.ts";
import { deployment } from "../../src/kinds/deployment.ts";
import { appContainer, NS } from "./checks.ts";

export const b64 = (s: string) => Buffer.from(s).toString("base64");
export const rawSecret = (data: Record<string, string>, name = "db") => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name, namespace: NS },
  type: "Opaque",
  data,
});
export const cm = (data: Record<string, string>) => configMap({ name: "settings", namespace: NS, data });

/** A Deployment whose one container has these env values, args and pod annotations. */
export const app = (o: {
  env?: Record<string, string>;
  args?: string[];
  annotations?: Record<string, string>;
}) =>
  deployment({
    name: "web",
    namespace: NS,
    ...(o.annotations === undefined ? {} : { podAnnotations: o.annotations }),
    containers: [
      {
        ...appContainer,
        ...(o.env === undefined ? {} : { env: o.env }),
        ...(o.args === undefined ? {} : { args: o.args }),
      },
    ],
  });
