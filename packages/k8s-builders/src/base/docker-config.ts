/**
 * The rule for a `.dockerconfigjson` value, shared by the `secret` builder and the bundle's secret checks (which
 * may not import kinds/): JSON with an `auths` object, credentials as placeholders.
 */
import { isPlaceholder } from "./placeholder.ts";

/** The fields of a registry entry in `.dockerconfigjson` that hold credentials. */
const REGISTRY_CREDENTIALS = ["username", "password", "auth", "identitytoken", "registrytoken"] as const;
/**
 * What is wrong with a `.dockerconfigjson` value: not a JSON object with an `auths` object (the API server and
 * the kubelet refuse it), or — unless real values are allowed — a credential field that is not a placeholder.
 * Each problem names the field (`auths["ghcr.io"].password`), never the value.
 */
export function dockerConfigJsonProblems(
  text: string,
  allowRealValues: boolean,
): { code: "invalid_value" | "real_secret_value"; message: string }[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    doc = undefined;
  }
  const auths = isObject(doc) ? doc.auths : undefined;
  if (!isObject(auths)) {
    return [
      {
        code: "invalid_value",
        message:
          'a .dockerconfigjson must be JSON with an "auths" object (the API server refuses anything else): write the credentials as placeholders inside it, e.g. dockerConfigJsonPlaceholder(["ghcr.io"])',
      },
    ];
  }
  if (allowRealValues) return [];
  const out: { code: "real_secret_value"; message: string }[] = [];
  for (const [registry, entry] of Object.entries(auths)) {
    if (!isObject(entry)) continue;
    for (const field of REGISTRY_CREDENTIALS) {
      const v = entry[field];
      if (v === undefined || v === "" || (typeof v === "string" && isPlaceholder(v))) continue;
      out.push({
        code: "real_secret_value",
        message: `auths[${JSON.stringify(registry)}].${field} is not a placeholder: write e.g. "<${field}>" and set the real value in the cluster (or set allowRealValues)`,
      });
    }
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
