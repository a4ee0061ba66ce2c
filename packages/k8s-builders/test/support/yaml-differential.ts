// Shared by the differential tests of the writer (src/output/yaml.differential*.test.ts, where the top of
// yaml.differential.test.ts says what they prove): the corpus, split into the strings toYaml refuses and the ones
// it keeps; the placements Kustomize cannot carry; and the differences between what was written and what a
// reader read.
import { fastCheckCorpus, grammarCorpus } from "./yaml-corpus.ts";

export const TIMEOUT = 180_000;
/** fast-check strings added to the generated corpus (SERIALIZER_CORPUS=20000 for a long run). */
const FAST_CHECK_STRINGS = Number(process.env.SERIALIZER_CORPUS ?? 1000);

/**
 * Characters some Kubernetes reader refuses or alters (written here independently of the source, as the spec):
 * lone surrogates (Go refuses `\ud800`), U+007F–U+009F and U+FFFE/U+FFFF (Kustomize writes them raw and then
 * refuses its own output; U+0085 is a line break to it). yaml.differential.why.test.ts shows the readers doing so.
 */
const REFUSED = /[\u007f-\u009f\ufffe\uffff]|\p{Cs}/u;

export const corpus = [...new Set([...grammarCorpus(), ...fastCheckCorpus(FAST_CHECK_STRINGS)])];
export const refused = corpus.filter((s) => REFUSED.test(s));
export const kept = corpus.filter((s) => !REFUSED.test(s));

export type Obj = Record<string, unknown>;

/** A key longer than Kustomize takes. */
export const LONG = "k".repeat(1100);

/** Placements Kustomize cannot carry (see the top of src/output/yaml.differential.test.ts). */
const KUSTOMIZE_LONG_KEY = 1000;
export const kustomizeCannotAnnotate = (value: string): boolean =>
  value.startsWith("\t") && value.includes("\n");
export const kustomizeCannotKey = (key: string): boolean => key === "<<" || key.length > KUSTOMIZE_LONG_KEY;

/** One difference between what was written and what a reader read. */
export interface Difference {
  readonly object: string;
  readonly at: string;
  readonly wrote: unknown;
  readonly read: unknown;
}

/**
 * The leaves of `wrote` that `read` does not have, and the keys `read` has that were not written (a key read as
 * another, `0xff` → `255`, shows as both). kubectl adds `metadata.annotations: {}`; that is not a difference.
 */
export function differences(object: string, wrote: unknown, read: unknown, at = ""): Difference[] {
  if (wrote === null || typeof wrote !== "object") {
    return Object.is(wrote, read) || (wrote === 0 && read === 0) ? [] : [{ object, at, wrote, read }];
  }
  if (read === null || typeof read !== "object" || Array.isArray(wrote) !== Array.isArray(read)) {
    return [{ object, at, wrote, read }];
  }
  const w = wrote as Obj;
  const r = read as Obj;
  if (Array.isArray(w) && w.length !== (r as unknown as unknown[]).length)
    return [{ object, at, wrote, read }];
  const out = Object.keys(w).flatMap((k) => differences(object, w[k], r[k], `${at}[${JSON.stringify(k)}]`));
  const added = Object.keys(r).filter(
    (k) => !Object.hasOwn(w, k) && !(at === '["metadata"]' && k === "annotations"),
  );
  if (added.length > 0) out.push({ object, at, wrote: Object.keys(w), read: Object.keys(r) });
  return out;
}
