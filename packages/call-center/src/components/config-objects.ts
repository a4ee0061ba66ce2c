/** The base objects: Namespace, the Secrets template (placeholders only) and the `app-config` ConfigMap. */
import { configMap, namespace, secret } from "@call-center/k8s-builders";
import type { ConfigMap, Namespace, Secret } from "kubernetes-types/core/v1.js";
import type { CallCenterConfig } from "../config.ts";
import { NAMES } from "../names.ts";
import { common, generatedAppConfig } from "./common.ts";

export interface BaseObjects {
  namespace: Namespace;
  secrets: { dbCredentials: Secret; apiKeys: Secret; jwtSecret: Secret };
  appConfig: ConfigMap;
}

export function baseObjects(c: CallCenterConfig): BaseObjects {
  const meta = common(c);
  const { namespace: ns, ...withoutNs } = meta;
  return {
    namespace: namespace({ name: ns, ...withoutNs }),
    secrets: {
      dbCredentials: secret({
        name: NAMES.dbCredentials,
        ...meta,
        component: "database",
        stringData: { username: "<db-username>", password: "<db-password>" },
      }),
      apiKeys: secret({
        name: NAMES.apiKeys,
        ...meta,
        stringData: {
          ADMIN_API_KEY: "<admin-api-key>",
          SPEECH_API_KEY: "<speech-api-key>",
          LLM_API_KEY: "<llm-api-key>",
        },
      }),
      jwtSecret: secret({
        name: NAMES.jwtSecret,
        ...meta,
        stringData: { JWT_SECRET: "<jwt-signing-secret>" },
      }),
    },
    appConfig: configMap({
      name: NAMES.appConfig,
      ...meta,
      // The config rules refuse appConfig keys that the bundle generates: nothing here overrides anything.
      data: { ...generatedAppConfig(c), ...c.appConfig },
    }),
  };
}
