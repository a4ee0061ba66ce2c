import { describe, expect, it } from "vitest";
import { b64, FAKE } from "../../test/support/fake-secrets.ts";
import { hasPlaceholderForm } from "./placeholder.ts";
import { findSecrets, isSensitiveName } from "./secret-scan.ts";

const rulesIn = (text: string) => findSecrets(text, { isPlaceholder: hasPlaceholderForm }).map((m) => m.rule);

describe("isSensitiveName", () => {
  it.each([
    "DB_PASSWORD",
    "DB_PASS",
    "PGPASS",
    "PGPASSWORD",
    "MYSQL_PWD",
    "dbPassword",
    "smtp.pass",
    "GF_SECURITY_ADMIN_PASSWORD",
    "gf_security_admin_password",
    "GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET",
    "GF_AUTH_GITLAB_TOKEN",
    "gf_auth_gitlab_token",
    "JWT_SECRET",
    "API_KEY",
    "apikey",
    "stripe-apikey",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_ACCESS_KEY",
    "private_key",
    "GOOGLE_CREDENTIALS",
    "ssh-passphrase",
    "db-password",
  ])("%s names a secret", (name) => {
    expect(isSensitiveName(name)).toBe(true);
  });

  it.each([
    "DB_PASSWORD_FILE",
    "JWT_SECRET_NAME",
    "TOKEN_TTL",
    "PASSWORD_MIN_LENGTH",
    "OAUTH_TOKEN_URL",
    "SECRETS_DIR",
    "PWD",
    "PASSTHROUGH",
    "BYPASS_CACHE",
    "COMPASS",
    "TOKENIZER",
    "CACHE_KEY",
    "PRIMARY_KEY",
    "DB_HOST",
    "GF_DATABASE_URL",
    "GF_PATHS_DATA",
    "",
  ])("%s does not", (name) => {
    expect(isSensitiveName(name)).toBe(false);
  });
});

describe("findSecrets", () => {
  it.each([
    [FAKE.jwt, "k8s-builders/jwt"],
    [FAKE.pem, "k8s-builders/private-key"],
    [b64(FAKE.pem), "k8s-builders/private-key in base64"],
    [`postgres://app:${FAKE.password}@db/app`, "k8s-builders/url-password"],
    [`https://x.example.com/a?password=${FAKE.password}`, "k8s-builders/query-password"],
    [`jdbc:oracle:thin:scott/${FAKE.password}@db:1521:orcl`, "k8s-builders/jdbc-password"],
    [`db.password=${FAKE.password}`, "k8s-builders/assignment"],
    [`{"password": "${FAKE.password}"}`, "k8s-builders/assignment"],
    [FAKE.githubToken, "@secretlint/secretlint-rule-github (GITHUB_TOKEN)"],
    [FAKE.awsKeyId, "@secretlint/secretlint-rule-aws (AWSAccessKeyID)"],
  ])("finds %j by %s", (text, rule) => {
    expect(rulesIn(text)).toContain(rule);
  });

  it.each([
    "postgres://app:<db-password>@db/app",
    "postgres://app:$(DB_PASSWORD)@db/app",
    "http://example.com:8080/a@b",
    "https://example.com/a?page=2&sort=name",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR} reference is the case under test
    "db.password=${DB_PASSWORD}",
    `sha256:${"ab".repeat(32)}`,
    "registry.example.com/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    b64("ordinary text that is not secret at all"),
    "password: <db-password>",
    '"password": ""',
  ])("finds nothing in %j", (text) => {
    expect(rulesIn(text)).toEqual([]);
  });
});

describe("findSecrets: URL passwords that look like numbers, ports or paths", () => {
  // Assembled at run time, so that no scanner run over the repository flags this file.
  const url = (scheme: string, user: string, password: string, rest: string) =>
    [scheme, "://", user, ":", password, "@", rest].join("");

  it.each([
    // Digits right before the @ are userinfo by the URL standard, not a port.
    ["digits", url("mysql", "root", "1234", "db:3306/app")],
    ["digits, no user", url("redis", "", "424242", "cache:6379/0")],
    ["five digits", url("postgres", "u", "12345", "h")],
    ["a number", url("postgres", "u", "1.5", "db")],
    ["a boolean", url("amqp", "u", "true", "mq")],
    ["a path", url("postgres", "u", "/x", "h")],
    // A connection string's path holding an @ is implausible: digits, /, text is a password.
    ["digits and a slash", url("postgres", "u", "123/x", "h")],
  ])("finds a password of %s: %j", (_what, text) => {
    expect(rulesIn(text)).toContain("k8s-builders/url-password");
  });

  it.each([
    "http://example.com:8080/a@b",
    "https://social.example:443/@alice",
    "http://alertmanager:9093/api/v2/silences?filter=owner=a@example.com",
    "postgres://db.example.com:5432/app?user=app@myserver",
  ])("reads a port and a path, not a password, in %j", (text) => {
    expect(rulesIn(text)).toEqual([]);
  });
});
