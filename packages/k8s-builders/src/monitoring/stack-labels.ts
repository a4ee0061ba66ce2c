/** The label options Prometheus and Grafana share: labels for every object of the stack, declared once. */
import { k8sApi, k8sDocs, option } from "../base/options.ts";
import { labels, labelValue } from "../base/primitives.ts";

/** `partOf` and `labels`, applied to every object of the stack. */
export function stackLabelsShape() {
  return {
    /** `app.kubernetes.io/part-of` of every object, e.g. `call-center`. @default unset (none) */
    partOf: option(labelValue, {
      description: "`app.kubernetes.io/part-of` of every object, e.g. `call-center`.",
      unset: "none",
      k8s: k8sDocs("concepts/overview/working-with-objects/common-labels"),
    }),
    /** Extra labels on every object (never in selectors). @default unset (none) */
    labels: option(labels, {
      description: "Extra labels on every object (never in selectors).",
      unset: "none",
      k8s: k8sApi("common-definitions/object-meta", "ObjectMeta"),
    }),
  };
}
