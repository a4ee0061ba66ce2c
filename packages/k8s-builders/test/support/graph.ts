/**
 * Fixtures of the tests of text users control in a picture: a bundle whose HTTPRoute matches a regular
 * expression, the one text of a valid bundle that may hold any character (Mermaid syntax, markup, controls…).
 */

import type { Manifest } from "../../src/base/manifest.ts";
import { gateway } from "../../src/kinds/gateway.ts";
import { httpRoute } from "../../src/kinds/http-route.ts";
import { base } from "./checks.ts";

/** The base bundle (Namespace, `web` Deployment and Service) and an HTTPRoute to `web` matching `regex`. */
export function routeMatching(regex: string): Manifest[] {
  const { ns, web, svc } = base();
  const gw = gateway({
    name: "gw",
    namespace: "shop",
    gatewayClassName: "envoy",
    listeners: [{ name: "http", protocol: "HTTP", hostname: "shop.example.com" }],
  });
  const route = httpRoute({
    name: "r",
    namespace: "shop",
    parentRefs: [{ gateway: gw, sectionName: "http" }],
    rules: [
      {
        matches: [{ path: { type: "RegularExpression", value: regex } }],
        backends: [{ service: svc, port: "http" }],
      },
    ],
  });
  return [ns, gw, web, svc, route];
}

/**
 * The base bundle and an Ingress, not built (read from a file, say), whose name, component, host, path and
 * backend Service and port name are all `text`: a missing Service, with the finding quoting the text.
 */
export function oddIngress(text: string): Manifest[] {
  const { ns, web, svc } = base();
  const ing = {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name: text, namespace: "shop", labels: { "app.kubernetes.io/component": text } },
    spec: {
      rules: [
        {
          host: text,
          http: {
            paths: [
              { path: text, pathType: "Prefix", backend: { service: { name: text, port: { name: text } } } },
            ],
          },
        },
      ],
    },
  };
  return [ns, web, svc, ing as Manifest];
}
