/** What an HPA can scale: the one fact that the HPA's checks and validateBundle (HPA_TARGET_NOT_SCALABLE) read. */
import { kindFacts } from "./kinds.ts";

/**
 * Whether an HPA can scale a kind through its replicas: true for the replicated kinds of the table, false for the
 * other kinds it knows (a DaemonSet, a Job…), undefined for a kind it does not know (a custom resource may have a
 * scale subresource).
 */
export function scalesByReplicas(kind: string): boolean | undefined {
  const facts = kindFacts(kind);
  return facts === undefined ? undefined : facts.replicated === true;
}
