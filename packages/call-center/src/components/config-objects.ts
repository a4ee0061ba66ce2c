/** The base objects: Namespace, the Secrets template (placeholders only) and the `app-config` ConfigMap. */
import { configMap, namespace, secret } from "@call-center/k8s-builders";
import type { ConfigMap, Namespace, Secret } from "kubernetes-types/core/v1.js";
import type { CallCenterConfig } from "../config.ts";
import { NAMES } from "../names.ts";
import { callCenterLabels, common, generatedAppConfig } from "./common.ts";

export interface BaseObjects {
  namespace: Namespace;
  secrets: { dbCredentials: Secret; apiKeys: Secret; jwtSecret: Secret };
  appConfig: ConfigMap;
}

export function baseObjects(c: CallCenterConfig): BaseObjects {
  const meta = common(c);
  const { namespace: ns, ...withoutNs } = meta;
  return {
    // The Namespace holds every component at its own version: it carries neither a component nor a version.
    namespace: namespace({ name: ns, ...withoutNs, ...callCenterLabels(c) }),
    secrets: {
      dbCredentials: secret({
        name: NAMES.dbCredentials,
        ...meta,
        ...callCenterLabels(c, "config"),
        stringData: { username: "<db-username>", password: "<db-password>" },
      }),
      apiKeys: secret({
        name: NAMES.apiKeys,
        ...meta,
        ...callCenterLabels(c, "config"),
        stringData: {
          ADMIN_API_KEY: "<admin-api-key>",
          SPEECH_API_KEY: "<speech-api-key>",
          LLM_API_KEY: "<llm-api-key>",
        },
      }),
      jwtSecret: secret({
        name: NAMES.jwtSecret,
        ...meta,
        ...callCenterLabels(c, "config"),
        stringData: { JWT_SECRET: "<jwt-signing-secret>" },
      }),
    },
    appConfig: configMap({
      name: NAMES.appConfig,
      ...meta,
      ...callCenterLabels(c, "config"),
      // The config rules refuse appConfig keys that the bundle generates: nothing here overrides anything.
      data: { ...generatedAppConfig(c), ...c.appConfig },
    }),
  };
}
