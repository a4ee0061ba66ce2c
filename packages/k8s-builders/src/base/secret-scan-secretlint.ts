/**
 * The published rules of secretlint's recommended preset (`@secretlint/secretlint-rule-preset-recommend`, MIT),
 * run over text for {@link findSecrets}: only the lines a rule could match on are scanned, and every match names
 * its rule. The preset is loaded on the first scan (it costs ~45 ms), not with the library.
 */

/** What a match is, for the finding code it leads to. */
export type SecretKind = "private-key" | "credential-url" | "secret";

/** One secret found: the rule that matched and where (UTF-16 offsets in the scanned text). */
export interface SecretMatch {
  /** `k8s-builders/<id>` or the secretlint rule id (`@secretlint/secretlint-rule-aws`) and its message id. */
  readonly rule: string;
  readonly kind: SecretKind;
  readonly start: number;
  readonly end: number;
}

// ------------------------------------------------------------------------------------------------ secretlint

/** The part of secretlint's rule API (`@secretlint/types`) the rules of the preset use. */
interface SecretlintRule {
  readonly meta: { readonly id: string };
  create(
    context: {
      report(d: { message: { id: string }; range: readonly [number, number] }): void;
      ignore(): void;
      createTranslator(): (id: string) => { id: string };
    },
    options: Record<string, unknown>,
  ): { file?(source: { content: string; ext: string; contentType: "text" }): unknown } | undefined;
}
/** One rule of the preset, ready to run. */
interface Scanner {
  readonly rule: string;
  readonly kind: SecretKind;
  readonly file: (source: { content: string; ext: string; contentType: "text" }) => unknown;
}

const SKIPPED_RULES = new Set([
  // Directives in comments, not secrets.
  "@secretlint/secretlint-rule-filter-comments",
]);
const RULE_KINDS: Record<string, SecretKind> = {
  "@secretlint/secretlint-rule-privatekey": "private-key",
  "@secretlint/secretlint-rule-basicauth": "credential-url",
  "@secretlint/secretlint-rule-database-connection-string": "credential-url",
};

let reports: { rule: string; kind: SecretKind; id: string; range: readonly [number, number] }[] = [];
let corpus: readonly Scanner[] | undefined;

function secretlintScanners(): readonly Scanner[] {
  if (corpus !== undefined) return corpus;
  const { rules } = process.getBuiltinModule("node:module").createRequire(import.meta.url)(
    "@secretlint/secretlint-rule-preset-recommend",
  ) as {
    rules: readonly SecretlintRule[];
  };
  corpus = rules
    .filter((r) => !SKIPPED_RULES.has(r.meta.id))
    .flatMap((r): Scanner[] => {
      const rule = r.meta.id;
      const kind = RULE_KINDS[rule] ?? "secret";
      const handlers = r.create(
        {
          report: (d) => reports.push({ rule, kind, id: d.message.id, range: d.range }),
          ignore: () => {},
          createTranslator: () => (id) => ({ id }),
        },
        // AWS access key ids (AKIA…) are off by default in secretlint: a key id alone in a manifest is a leak too.
        rule === "@secretlint/secretlint-rule-aws" ? { enableIDScanRule: true } : {},
      );
      const file = handlers?.file;
      return file === undefined ? [] : [{ rule, kind, file: file.bind(handlers) }];
    });
  return corpus;
}

/** The password of a `scheme://user:password@host` text (secretlint's URL rules know `${VAR}`, not `<…>`). */
const URL_PASSWORD = /:\/\/[^\s:@/]*:([^\s@]+)@/;

/**
 * Lines a secretlint rule could match on: every rule of the preset needs a run of 12 or more token characters
 * (keys, tokens, digits of an account id) or a URL. Scanning only these lines keeps the scan of large config
 * files (dashboards, prometheus.yml) cheap; the lines are scanned whole, so the rules keep their context.
 */
const CANDIDATE_LINE = /[A-Za-z0-9+/=_.-]{12}|:\/\/|-----BEGIN/;

/** The matches of the preset's rules in `text` (a file with extension `ext`). */
export function runSecretlint(text: string, ext: string, literal: Literals): SecretMatch[] {
  // secretlint's GCP rule parses a whole .json file for a service-account key.
  if ((ext === ".json" && text.includes("private_key")) || !text.includes("\n")) {
    return runSecretlintOn(text, ext, literal);
  }
  // Candidate lines joined, each mapped back to its offset in `text`.
  const parts: string[] = [];
  const offsets: number[] = [];
  let joinedLength = 0;
  let start = 0;
  for (const line of text.split("\n")) {
    if (CANDIDATE_LINE.test(line)) {
      offsets.push(start - joinedLength);
      parts.push(line);
      joinedLength += line.length + 1;
    }
    start += line.length + 1;
  }
  if (parts.length === 0) return [];
  const joined = parts.join("\n");
  const lineStarts: number[] = [];
  let pos = 0;
  for (const p of parts) {
    lineStarts.push(pos);
    pos += p.length + 1;
  }
  return runSecretlintOn(joined, ext, literal).map((m) => {
    let i = lineStarts.length - 1;
    while (i > 0 && (lineStarts[i] ?? 0) > m.start) i--;
    const shift = offsets[i] ?? 0;
    return { ...m, start: m.start + shift, end: m.end + shift };
  });
}

function runSecretlintOn(text: string, ext: string, literal: Literals): SecretMatch[] {
  const out: SecretMatch[] = [];
  for (const s of secretlintScanners()) {
    reports = [];
    try {
      // Rules are synchronous for text; a rule that returns a promise (binary files only) is not awaited.
      s.file({ content: text, ext, contentType: "text" });
    } catch {
      // A rule that trips over odd text finds nothing there.
    }
    for (const r of reports) {
      const password =
        r.kind === "credential-url" ? URL_PASSWORD.exec(text.slice(r.range[0], r.range[1]))?.[1] : undefined;
      if (password !== undefined && !literal.password(password)) continue;
      out.push({ rule: `${r.rule} (${r.id})`, kind: r.kind, start: r.range[0], end: r.range[1] });
    }
  }
  reports = [];
  return out;
}

/** How the rules tell real values from references and placeholders. */
export interface Literals {
  /** The value of a name that says it is a secret ({@link isLiteralSecret}). */
  readonly value: (v: string) => boolean;
  /** The password of a URL ({@link isLiteralPassword}). */
  readonly password: (v: string) => boolean;
}
