/** Size guards: the API server's object limit and the annotation limit that client-side apply runs into. */
import { MAX_ANNOTATIONS_BYTES, MAX_OBJECT_BYTES, mapBytes } from "../../base/limits.ts";
import type { Bundle } from "../context.ts";
import { type Finding, finding } from "../finding.ts";
import { at, get, strMap } from "../read.ts";

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

function jsonBytes(v: unknown): number | undefined {
  try {
    const s = JSON.stringify(v);
    return s === undefined ? undefined : Buffer.byteLength(s);
  } catch {
    return undefined;
  }
}

function annotationBytes(v: unknown): number {
  return mapBytes(strMap(v));
}

/**
 * An object over 1 MiB serialized is refused. Below that, client-side `kubectl apply` stores the whole object in
 * the `kubectl.kubernetes.io/last-applied-configuration` annotation, and annotations are limited to 262144 bytes
 * in total: a big ConfigMap (dashboards, CRDs) applies only with server-side apply.
 */
export function objectSizes(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const e of bundle.entries) {
    const bytes = jsonBytes(e.obj);
    if (bytes === undefined) continue;
    if (bytes > MAX_OBJECT_BYTES) {
      out.push(
        finding(
          "OBJECT_TOO_LARGE",
          e.ref,
          "",
          `the object is ${kib(bytes)} serialized, over the 1 MiB limit`,
        ),
      );
      continue;
    }
    const own = annotationBytes(get(e.obj, "metadata", "annotations"));
    // Annotations that are too large on their own are reported by annotationSizes.
    if (own <= MAX_ANNOTATIONS_BYTES && bytes + own > MAX_ANNOTATIONS_BYTES) {
      out.push(
        finding(
          "LAST_APPLIED_TOO_LARGE",
          e.ref,
          "metadata.annotations",
          `the object is ${kib(bytes)} serialized: with client-side apply its last-applied-configuration annotation would exceed the ${MAX_ANNOTATIONS_BYTES}-byte annotation limit`,
        ),
      );
    }
  }
  return out;
}

/** The annotations of an object, and of its pod template, must stay within 262144 bytes in total. */
export function annotationSizes(bundle: Bundle): Finding[] {
  const out: Finding[] = [];
  for (const e of bundle.entries) {
    const places = [{ path: "metadata.annotations", value: get(e.obj, "metadata", "annotations") }];
    const pod = bundle.podOf(e);
    if (pod !== undefined && pod.at !== "") {
      places.push({ path: at(pod.at, "metadata", "annotations"), value: pod.annotations });
    }
    for (const { path, value } of places) {
      const bytes = annotationBytes(value);
      if (bytes <= MAX_ANNOTATIONS_BYTES) continue;
      out.push(
        finding(
          "ANNOTATIONS_TOO_LARGE",
          e.ref,
          path,
          `annotations total ${bytes} bytes, over the ${MAX_ANNOTATIONS_BYTES}-byte limit`,
        ),
      );
    }
  }
  return out;
}
