/**
 * The Gateway API mode of the public HTTP entry (`ingress.controller: "gateway"`): the fields it adds to
 * `ingress` and the rules across them. Routes go to a Gateway the platform team runs (`ingress.gateway`), or to
 * one the bundle makes (`ingress.createGateway`, with `ingress.gateway.className`).
 */
import {
  DnsLabelSchema,
  DnsSubdomainSchema,
  LabelsSchema,
  option,
  required,
  z,
} from "@call-center/k8s-builders";

/** The `ingress` fields of the Gateway API mode (spread into the `ingress` object of the configuration). */
export function gatewayIngressShape() {
  return {
    /**
     * The Gateway the HTTPRoutes attach to (`controller: gateway`): one the platform team runs, or the one the
     * bundle makes with `createGateway`. @default unset (required with controller gateway)
     */
    gateway: option(
      z.strictObject({
        /** Name of the Gateway. */
        name: required(DnsSubdomainSchema, { description: "Name of the Gateway." }),
        /** Namespace of the Gateway. @default unset (the bundle's namespace) */
        namespace: option(DnsLabelSchema, {
          description: "Namespace of the Gateway.",
          unset: "the bundle's namespace",
        }),
        /** Listener of a platform Gateway to attach to (its HTTPS listener). @default unset (every listener allowing the routes) */
        sectionName: option(DnsSubdomainSchema, {
          description: "Listener of a platform Gateway to attach to (its HTTPS listener).",
          unset: "every listener allowing the routes",
        }),
        /** GatewayClass of the Gateway the bundle makes (`createGateway`), e.g. `envoy-gateway`. @default unset (required with createGateway) */
        className: option(DnsSubdomainSchema, {
          description:
            "GatewayClass of the Gateway the bundle makes (`createGateway`), e.g. `envoy-gateway`.",
          unset: "required with createGateway",
        }),
      }),
      {
        description:
          "The Gateway the HTTPRoutes attach to (`controller: gateway`): one the platform team runs, or the one the bundle makes with `createGateway`.",
        unset: "required with controller gateway",
      },
    ),
    /**
     * Also make the Gateway (`controller: gateway`): HTTPS on `host` with `tlsSecretName`, and HTTP redirected to
     * HTTPS. @default false
     */
    createGateway: option(z.boolean(), {
      description:
        "Also make the Gateway (`controller: gateway`): HTTPS on `host` with `tlsSecretName`, and HTTP redirected to HTTPS.",
      default: false,
    }),
    /**
     * Labels of the ingress controller's (or Gateway data plane's) pods in `controllerNamespace`, allowed through
     * the NetworkPolicies. @default unset (every pod of controllerNamespace)
     */
    controllerPodSelector: option(LabelsSchema, {
      description:
        "Labels of the ingress controller's (or Gateway data plane's) pods in `controllerNamespace`, allowed through the NetworkPolicies.",
      unset: "every pod of controllerNamespace",
    }),
  };
}

/** A problem across the gateway fields, at the values-file path to change. */
export interface GatewayRuleIssue {
  readonly path: readonly (string | number)[];
  readonly code: "required" | "conflicting_options";
  readonly message: string;
}

/** What the rules read of the configuration (config-shape.ts spreads this file's shape: no import back). */
export interface GatewayRuleInput {
  readonly namespace: string;
  readonly ingress: {
    readonly controller: string;
    readonly className?: string | undefined;
    readonly createGateway: boolean;
    readonly gateway?:
      | {
          readonly name: string;
          readonly namespace?: string | undefined;
          readonly sectionName?: string | undefined;
          readonly className?: string | undefined;
        }
      | undefined;
  };
}

/** The rules across the gateway fields. */
export function gatewayConfigRules(c: GatewayRuleInput): GatewayRuleIssue[] {
  const i = c.ingress;
  const issues: GatewayRuleIssue[] = [];
  const gatewayMode = i.controller === "gateway";
  if (gatewayMode && i.gateway === undefined) {
    issues.push({
      path: ["ingress", "gateway"],
      code: "required",
      message:
        "ingress.controller is gateway: name the Gateway ({ name, namespace, sectionName? }), or set createGateway with gateway.className",
    });
  }
  if (!gatewayMode && (i.gateway !== undefined || i.createGateway)) {
    issues.push({
      path: ["ingress", i.createGateway ? "createGateway" : "gateway"],
      code: "conflicting_options",
      message: `ingress.controller is ${i.controller}: Gateways and routes are for controller gateway`,
    });
  }
  if (gatewayMode && i.gateway !== undefined) {
    if (i.createGateway && i.gateway.className === undefined) {
      issues.push({
        path: ["ingress", "gateway", "className"],
        code: "required",
        message: "createGateway is true: name the GatewayClass of the Gateway (e.g. envoy-gateway)",
      });
    }
    if (!i.createGateway && i.gateway.className !== undefined) {
      issues.push({
        path: ["ingress", "gateway", "className"],
        code: "conflicting_options",
        message:
          "gateway.className is for the Gateway the bundle makes: set createGateway, or drop className",
      });
    }
    if (i.createGateway && i.gateway.namespace !== undefined && i.gateway.namespace !== c.namespace) {
      issues.push({
        path: ["ingress", "gateway", "namespace"],
        code: "conflicting_options",
        message: `the Gateway the bundle makes goes into the bundle's namespace ${c.namespace}: drop gateway.namespace`,
      });
    }
    if (i.createGateway && i.gateway.sectionName !== undefined) {
      issues.push({
        path: ["ingress", "gateway", "sectionName"],
        code: "conflicting_options",
        message:
          "the routes attach to the listeners of the Gateway the bundle makes: drop gateway.sectionName",
      });
    }
  }
  if (gatewayMode && i.className !== undefined) {
    issues.push({
      path: ["ingress", "className"],
      code: "conflicting_options",
      message:
        "ingress.className is an IngressClass: with controller gateway, the class is gateway.className",
    });
  }
  return issues;
}
