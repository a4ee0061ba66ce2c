// Fake credentials in the formats that secret scanners know, assembled at run time so that the repository itself
// holds no string in a secret format (and no scanner run over it flags this file). None of them is real.

const pick = (alphabet: string, n: number, seed: number): string => {
  let out = "";
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += alphabet[x % alphabet.length];
  }
  return out;
};
const UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const B64URL = `${ALNUM}-_`;
const b64url = (s: string) => Buffer.from(s).toString("base64url");

export const FAKE = {
  /** An AWS access key id. */
  awsKeyId: ["AK", "IA", pick(UPPER_DIGITS, 16, 7)].join(""),
  /** A GitHub personal access token. */
  githubToken: ["gh", "p_", pick(ALNUM, 36, 11)].join(""),
  /** A Slack bot token. */
  slackToken: ["xo", "xb-", "123456789012-1234567890123-", pick(ALNUM, 24, 13)].join(""),
  /** A Stripe live secret key. */
  stripeKey: ["sk", "_live_", pick(ALNUM, 24, 17)].join(""),
  /** A JSON Web Token (HS256). */
  jwt: [
    b64url(JSON.stringify({ alg: "HS256", typ: "JWT" })),
    b64url(JSON.stringify({ sub: "1234567890", name: "Test User", iat: 1516239022 })),
    pick(B64URL, 43, 19),
  ].join("."),
  /** A PEM RSA private key of realistic length (random body, not a key). */
  pem: [
    `-----BEGIN RSA ${"PRIVATE"} KEY-----`,
    ...Array.from(
      { length: 6 },
      (_, i) => (i === 0 ? "MIIEow" : "") + pick(`${ALNUM}+/`, i === 0 ? 58 : 64, 23 + i),
    ),
    `-----END RSA ${"PRIVATE"} KEY-----`,
    "",
  ].join("\n"),
  /** A password that looks like one. */
  password: pick(ALNUM, 20, 29),
} as const;

export const b64 = (s: string): string => Buffer.from(s).toString("base64");
