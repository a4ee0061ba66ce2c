// One test per rule of the published corpus the secret scan loads (secretlint's recommended preset, read from
// the installed package): each rule finds a value of its format, and the finding names that rule. The values are
// fakes assembled at run time from the formats the rules document, so that this file holds no string in a secret
// format (and no scanner run over the repository flags it). None is a real credential.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { FAKE } from "../../test/support/fake-secrets.ts";
import { hasPlaceholderForm } from "./placeholder.ts";
import { findSecrets } from "./secret-scan.ts";

const rulesIn = (text: string, ext = "") =>
  findSecrets(text, { isPlaceholder: hasPlaceholderForm, ext }).map((m) => m.rule);

/** A 1Password service-account token: `ops_` and base64 of a JSON object, which ends in `fQ==` (a closing brace alone in the last group). */
function onePasswordToken(): string {
  for (let n = 100; ; n++) {
    const json = JSON.stringify({ email: "x@1passwordserviceaccounts.lcl", secret: pick(ALNUM, n, 29) });
    const b = Buffer.from(json).toString("base64");
    if (b.endsWith("fQ==")) return j("op", "s_", b);
  }
}

/** `n` characters of `alphabet`, deterministic (a linear congruential sequence from `seed`). */
const pick = (alphabet: string, n: number, seed: number): string => {
  let out = "";
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += alphabet[x % alphabet.length];
  }
  return out;
};
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = LOWER.toUpperCase();
const DIGITS = "0123456789";
const ALNUM = `${UPPER}${LOWER}${DIGITS}`;
const HEX = "0123456789abcdef";
const j = (...parts: string[]) => parts.join("");
const P = "@secretlint/secretlint-rule-";

/** A fake of each rule's format (rule id without the package prefix → text). */
const FAKES: Record<string, string> = {
  aws: FAKE.awsKeyId,
  gcp: JSON.stringify({
    type: "service_account",
    private_key_id: pick(HEX, 40, 3),
    private_key: FAKE.pem,
    client_email: "svc@project.iam.gserviceaccount.com",
  }),
  // As a one-line value (a JSON or env string with escaped newlines): the scan passes secretlint whole values
  // and, of multi-line text, the lines that can hold a secret; a multi-line PEM is k8s-builders/private-key's.
  privatekey: FAKE.pem.trimEnd().replaceAll("\n", "\\n"),
  npm: j("np", "m_", pick(ALNUM, 36, 5)),
  basicauth: j("https://", "admin", ":", pick(ALNUM, 16, 7), "@", "registry.example.com"),
  slack: FAKE.slackToken,
  sendgrid: j("S", "G.", pick(ALNUM, 22, 9), ".", pick(ALNUM, 43, 10)),
  shopify: j("shp", "at_", pick(ALNUM, 32, 11)),
  stripe: FAKE.stripeKey,
  github: FAKE.githubToken,
  gitlab: j("gl", "pat-", pick(ALNUM, 20, 13)),
  grafana: j("gl", "sa_", pick(ALNUM, 32, 15), "_", pick(HEX, 8, 16)),
  openai: j("s", "k-", pick(ALNUM, 20, 17), "T3Blbk", "FJ", pick(ALNUM, 20, 18)),
  anthropic: j("sk-", "ant-", "api03-", pick(ALNUM, 93, 19), "AA"),
  groq: j("gs", "k_", pick(ALNUM, 52, 21)),
  huggingface: j("h", "f_", pick(`${UPPER}${LOWER}`, 34, 23)),
  linear: j("lin", "_api_", pick(ALNUM, 40, 25)),
  notion: j("nt", "n_", pick(DIGITS, 11, 27), pick(ALNUM, 35, 28)),
  "1password": onePasswordToken(),
  "database-connection-string": j(
    "mysql",
    "://",
    "root",
    ":",
    pick(ALNUM, 16, 31),
    "@",
    "db.example.com/app",
  ),
  "hashicorp-vault": j("hv", "s.", pick(ALNUM, 96, 33)),
  vercel: j("vc", "p_", pick(ALNUM, 40, 35)),
  databricks: j("da", "pi", pick(HEX, 32, 37)),
  docker: j("dckr", "_pat_", pick(ALNUM, 27, 39)),
  figma: j("fi", "gd_", pick(ALNUM, 48, 41)),
  cloudflare: j("cf", "ut_", pick(ALNUM, 40, 43), pick(HEX, 8, 44)),
  tailscale: j("ts", "key-", "auth-", pick(ALNUM, 12, 45), "-", pick(ALNUM, 30, 46)),
};
/** Rules of the preset that find no secret (directives in comments): the scan skips them. */
const NOT_SECRETS = new Set(["filter-comments"]);

const presetRules = (
  createRequire(import.meta.url)("@secretlint/secretlint-rule-preset-recommend") as {
    rules: readonly { meta: { id: string } }[];
  }
).rules.map((r) => r.meta.id.slice(P.length));

describe("the secretlint corpus, rule by rule", () => {
  it("has a fake for every rule of the installed preset (a new rule needs its row here)", () => {
    expect(presetRules.filter((id) => !NOT_SECRETS.has(id) && FAKES[id] === undefined)).toEqual([]);
  });

  it.each(Object.entries(FAKES))("%s finds its format, and the finding names the rule", (id, text) => {
    // The GCP rule reads a whole service-account key file.
    expect(rulesIn(text, id === "gcp" ? ".json" : "").some((r) => r.startsWith(`${P}${id}`))).toBe(true);
  });

  it.each(Object.entries(FAKES))("%s finds it inside a config file's line too", (id, text) => {
    if (id === "gcp") return; // a whole JSON file, not a value
    expect(rulesIn(`setting: ${text}\n`).some((r) => r.startsWith(`${P}${id}`))).toBe(true);
  });
});
