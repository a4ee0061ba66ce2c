import { describe, expect, it } from "vitest";
import { base, edit, findings } from "../../../test/support/checks.ts";
import { FAKE } from "../../../test/support/fake-secrets.ts";
import { app, b64, cm, rawSecret } from "../../../test/support/secret-hygiene.ts";

const codesOf = (objects: readonly unknown[]) =>
  findings([base().ns, ...(objects as never[])]).map((f) => `${f.code} ${f.path}`);

describe("secrets that leaked before (issue 12)", () => {
  const pw = FAKE.password;
  it.each([
    [
      "a URL password containing /",
      { DB: `postgres://app:${pw.slice(0, 6)}/${pw.slice(6)}@db:5432/app` },
      "CONFIG_MAP_CREDENTIAL_URL",
    ],
    [
      "a URL password containing #",
      { DB: `redis://:${pw.slice(0, 6)}#${pw.slice(6)}@cache:6379/0` },
      "CONFIG_MAP_CREDENTIAL_URL",
    ],
    [
      "a query-string password",
      { API: `https://api.example.com/v1?user=app&password=${pw}` },
      "CONFIG_MAP_CREDENTIAL_URL",
    ],
    [
      "a JDBC password parameter",
      { JDBC: `jdbc:postgresql://db:5432/app?user=app&password=${pw}` },
      "CONFIG_MAP_CREDENTIAL_URL",
    ],
    [
      "a SQL Server JDBC password",
      { JDBC: `jdbc:sqlserver://db:1433;databaseName=app;user=sa;password=${pw};` },
      "CONFIG_MAP_CREDENTIAL_URL",
    ],
    [
      "an Oracle JDBC password",
      { JDBC: `jdbc:oracle:thin:scott/${pw}@//db:1521/orcl` },
      "CONFIG_MAP_CREDENTIAL_URL",
    ],
    ["a JWT under a neutral key", { session: FAKE.jwt }, "CONFIG_MAP_SECRET_VALUE"],
    ["a base64-encoded PEM key", { "server.txt": b64(FAKE.pem) }, "CONFIG_MAP_PRIVATE_KEY"],
    [
      "a password= line in a properties file",
      { "app.properties": `db.user=app\ndb.password=${pw}\n` },
      "CONFIG_MAP_SECRET_VALUE",
    ],
    [
      "a YAML password in a config file",
      { "app.yaml": `spring:\n  datasource:\n    password: ${pw}\n` },
      "CONFIG_MAP_SECRET_VALUE",
    ],
    ["an env-file DB_PASS line", { ".env": `DB_HOST=db\nexport DB_PASS=${pw}\n` }, "CONFIG_MAP_SECRET_VALUE"],
    ["a GitHub token (secretlint)", { settings: `token ${FAKE.githubToken}` }, "CONFIG_MAP_SECRET_VALUE"],
    ["a Slack token (secretlint)", { hook: FAKE.slackToken }, "CONFIG_MAP_SECRET_VALUE"],
    ["an AWS key id (secretlint, id scan on)", { aws: FAKE.awsKeyId }, "CONFIG_MAP_SECRET_VALUE"],
  ])("ConfigMap: %s", (_title, data, code) => {
    expect(codesOf([cm(data as Record<string, string>)])).toContain(
      `${code} data${/^[A-Za-z_]\w*$/.test(Object.keys(data)[0] ?? "") ? "." : ""}${/^[A-Za-z_]\w*$/.test(Object.keys(data)[0] ?? "") ? Object.keys(data)[0] : `["${Object.keys(data)[0]}"]`}`,
    );
  });

  it.each([
    ["DB_PASS", "CONFIG_MAP_SENSITIVE_KEY"],
    ["PGPASS", "CONFIG_MAP_SENSITIVE_KEY"],
    ["pgpassword", "CONFIG_MAP_SENSITIVE_KEY"],
    ["smtpPass", "CONFIG_MAP_SENSITIVE_KEY"],
    ["gf_security_admin_password", "CONFIG_MAP_SENSITIVE_KEY"],
    ["GF_AUTH_GITHUB_CLIENT_SECRET", "CONFIG_MAP_SENSITIVE_KEY"],
  ])("ConfigMap key %s", (key, code) => {
    expect(codesOf([cm({ [key]: "x" })])).toContain(`${code} data.${key}`);
  });

  it.each([
    ["DB_PASS", pw],
    ["PGPASS", pw],
    ["MYSQL_PWD", pw],
    ["GF_SECURITY_ADMIN_PASSWORD", pw],
    ["gf_security_admin_password", pw],
    ["Gf_Auth_Generic_Oauth_Client_Secret", pw],
    ["GF_AUTH_GITLAB_TOKEN", pw],
    ["GF_DATABASE_URL", `postgres://grafana:${pw}@db:5432/grafana`],
    ["SESSION", FAKE.jwt],
    ["API_KEY", FAKE.stripeKey],
  ])("Deployment env %s with a literal credential", (name, value) => {
    expect(codesOf([app({ env: { [name]: value } })])).toContain(
      "LITERAL_CREDENTIAL spec.template.spec.containers[0].env[0].value",
    );
  });

  it.each([
    [["--db-password", pw], "spec.template.spec.containers[0].args[1]"],
    [[`--token=${FAKE.githubToken}`], "spec.template.spec.containers[0].args[0]"],
    [[`--api-key=${pw}`], "spec.template.spec.containers[0].args[0]"],
    [["--dsn", `mysql://root:${pw}@db/app`], "spec.template.spec.containers[0].args[1]"],
  ])("Deployment args %j", (args, path) => {
    expect(codesOf([app({ args })])).toContain(`LITERAL_CREDENTIAL ${path}`);
  });

  it.each([
    [{ "example.com/db-password": pw }, 'spec.template.metadata.annotations["example.com/db-password"]'],
    [{ "example.com/webhook": FAKE.slackToken }, 'spec.template.metadata.annotations["example.com/webhook"]'],
  ])("pod annotations %j", (annotations, path) => {
    expect(codesOf([app({ annotations })])).toContain(`LITERAL_CREDENTIAL ${path}`);
  });

  it("object annotations too", () => {
    const s = edit(base().svc, (o) => {
      o.metadata.annotations = { "example.com/token": FAKE.jwt };
    });
    expect(codesOf([s])).toContain('LITERAL_CREDENTIAL metadata.annotations["example.com/token"]');
  });

  it("names the rule that matched, and never the value", () => {
    const [f] = findings([base().ns, cm({ session: FAKE.jwt })]);
    expect(f?.rule).toBe("k8s-builders/jwt");
    expect(f?.message).toBe(
      'ConfigMap "shop/settings": key "session" contains a secret (rule k8s-builders/jwt)',
    );
    const [g] = findings([base().ns, app({ env: { DB_PASS: pw } })]).filter(
      (x) => x.code === "LITERAL_CREDENTIAL",
    );
    expect(g?.rule).toBe("k8s-builders/sensitive-name");
    expect(g?.message).not.toContain(pw);
    const [h] = findings([base().ns, cm({ t: FAKE.githubToken })]);
    expect(h?.rule).toBe("@secretlint/secretlint-rule-github (GITHUB_TOKEN)");
  });
});

describe("placeholders that hid real values (issue 12)", () => {
  it.each([
    ["CHANGE_ME.<JWT>", `CHANGE_ME.${FAKE.jwt}`],
    ["PLACEHOLDER<AWS key id>", `PLACEHOLDER${FAKE.awsKeyId}`],
    ["REPLACEME<base64>", `REPLACEME${b64(FAKE.password + FAKE.password)}`],
    ["<AWS key id>", `<${FAKE.awsKeyId}>`],
    ["<Slack token>", `<${FAKE.slackToken}>`],
    ["CHANGE_ME_<AWS key id>", `CHANGE_ME_${FAKE.awsKeyId}`],
    ["<a long random word>", `<${FAKE.password}${FAKE.password}>`],
  ])("a Secret value %s is a real value", (_title, value) => {
    const s = rawSecret({ password: b64(value) });
    expect(findings([base().ns, s]).map((f) => `${f.code} ${f.path}`)).toEqual([
      "SECRET_VALUE_NOT_PLACEHOLDER data.password",
    ]);
  });

  it("names the rule when a placeholder-like value holds a secret", () => {
    const [f] = findings([base().ns, rawSecret({ id: b64(`<${FAKE.awsKeyId}>`) })]);
    expect(f?.message).toContain("holds a secret (rule @secretlint/secretlint-rule-aws");
  });
});
