// Why the differential test (yaml.differential.test.ts) leaves some placements out of its Kustomize pass, and why
// toYaml refuses some characters: the readers on their own, fed YAML that our writer did not write.
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { type GoRead, goRead, kustomizeThenGoRead } from "../../test/support/go-reader.ts";
import {
  differences,
  kept,
  kustomizeCannotAnnotate,
  LONG,
  type Obj,
  TIMEOUT,
} from "../../test/support/yaml-differential.ts";

describe("what the Kustomize pass leaves out (why)", () => {
  const configMapOf = (metadata: Obj, data: Obj = {}): Obj => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "c", ...metadata },
    data,
  });
  const leftOut: { what: string; object: Obj }[] = [
    ...["true", "0", "0x1f", "~", ""].map((k) => ({
      what: `annotation key ${JSON.stringify(k)}`,
      object: configMapOf({ annotations: { [k]: "v" } }),
    })),
    ...kept
      .filter(kustomizeCannotAnnotate)
      .slice(0, 3)
      .map((v) => ({
        what: `annotation value ${JSON.stringify(v)}`,
        object: configMapOf({ annotations: { a: v } }),
      })),
    { what: 'data key "<<"', object: configMapOf({}, { "<<": "v", a: "b" }) },
    { what: `a ${LONG.length}-character data key`, object: configMapOf({}, { [LONG]: "v" }) },
  ];

  it(
    "is refused or altered by Kustomize also when the yaml package writes the YAML",
    () => {
      expect(leftOut.length).toBeGreaterThanOrEqual(8);
      const carried = leftOut.filter(({ object }) => {
        const read = kustomizeThenGoRead([stringify(object, { version: "1.1" })]);
        const back = read.objects.get("c");
        return read.refused.size === 0 && back !== undefined && differences("c", object, back).length === 0;
      });
      expect(carried.map((c) => c.what)).toEqual([]);
    },
    TIMEOUT,
  );
});

describe("the refused characters (why toYaml refuses them)", () => {
  // JSON is YAML: these documents are written without our writer, so they show what the readers do.
  const json = (s: string, i: number): string =>
    `${JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `c-${i}` }, data: { v: s } })}\n`;
  const samples = [
    "a\u007fb",
    "a\u0080b",
    "a\u0085b",
    "a\u009fb",
    "a\ufffeb",
    "a\uffffb",
    "a\ud800b",
    "\udfff",
  ];

  it(
    "are refused or altered by Go's reader or by Kustomize",
    () => {
      const docs = samples.map(json);
      const go = goRead(docs);
      const back = (i: number, read: GoRead): unknown =>
        (read.objects.get(`c-${i}`)?.data as Obj | undefined)?.v;
      const goAccepted = samples.flatMap((s, i) => (go.refused.has(i) || back(i, go) !== s ? [] : [i]));
      const accepted = goAccepted.filter((i) => {
        const k = kustomizeThenGoRead([docs[i] as string]);
        return k.refused.size === 0 && back(i, k) === samples[i];
      });
      expect(accepted.map((i) => samples[i])).toEqual([]);
    },
    TIMEOUT,
  );
});
