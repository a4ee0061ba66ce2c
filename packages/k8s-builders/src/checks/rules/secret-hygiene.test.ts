import { describe, expect, it } from "vitest";
import {
  appContainer,
  base,
  edit,
  expectRow,
  findings,
  NS,
  type Row,
  summary,
} from "../../../test/support/checks.ts";
import { FAKE } from "../../../test/support/fake-secrets.ts";
import { configMap } from "../../kinds/config-map.ts";
import { deployment } from "../../kinds/deployment.ts";
import { dockerConfigJsonPlaceholder, secret } from "../../kinds/secret.ts";
import { validateBundle } from "../validate-bundle.ts";

const b64 = (s: string) => Buffer.from(s).toString("base64");
const rawSecret = (data: Record<string, string>, name = "db") => ({
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name, namespace: NS },
  type: "Opaque",
  data,
});
const cm = (data: Record<string, string>) => configMap({ name: "settings", namespace: NS, data });
const PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n";

const rows: Row[] = [
  {
    title: "a real value in stringData",
    objects: () => [
      base().ns,
      secret({ name: "db", namespace: NS, allowRealValues: true, stringData: { password: "hunter2" } }),
    ],
    code: "SECRET_VALUE_NOT_PLACEHOLDER",
    kind: "Secret",
    name: "db",
    path: "stringData.password",
  },
  {
    title: "a real value in data (base64)",
    objects: () => [base().ns, rawSecret({ password: b64("hunter2") })],
    code: "SECRET_VALUE_NOT_PLACEHOLDER",
    kind: "Secret",
    name: "db",
    path: "data.password",
  },
  {
    title: "data that is not base64",
    objects: () => [base().ns, rawSecret({ "tls.key": "not base64!" })],
    code: "SECRET_DATA_NOT_BASE64",
    kind: "Secret",
    name: "db",
    path: 'data["tls.key"]',
  },
  {
    title: "data with a space in it (the API server's decoder skips line breaks only)",
    objects: () => [base().ns, rawSecret({ password: `${b64("<db")} ${b64("-password>")}` })],
    code: "SECRET_DATA_NOT_BASE64",
    kind: "Secret",
    name: "db",
    path: "data.password",
  },
  {
    title: "a ConfigMap key that names a password",
    objects: () => [base().ns, cm({ DB_PASSWORD: "<set-me>" })],
    code: "CONFIG_MAP_SENSITIVE_KEY",
    kind: "ConfigMap",
    name: "settings",
    path: "data.DB_PASSWORD",
  },
  {
    title: "a ConfigMap key that names an API key",
    objects: () => [base().ns, cm({ "stripe-apikey": "sk_live" })],
    code: "CONFIG_MAP_SENSITIVE_KEY",
    kind: "ConfigMap",
    name: "settings",
    path: 'data["stripe-apikey"]',
  },
  {
    title: "a ConfigMap holding a PEM private key",
    objects: () => [base().ns, cm({ "server.pem": PEM })],
    code: "CONFIG_MAP_PRIVATE_KEY",
    kind: "ConfigMap",
    name: "settings",
    path: 'data["server.pem"]',
  },
  {
    title: "a private key in binaryData",
    objects: () => [
      base().ns,
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "settings", namespace: NS },
        binaryData: { "key.der": b64(PEM) },
      },
    ],
    code: "CONFIG_MAP_PRIVATE_KEY",
    kind: "ConfigMap",
    name: "settings",
    path: 'binaryData["key.der"]',
  },
  {
    title: "a ConfigMap URL with a password",
    objects: () => [base().ns, cm({ DATABASE_URL: "postgres://app:hunter2@db:5432/app" })],
    code: "CONFIG_MAP_CREDENTIAL_URL",
    kind: "ConfigMap",
    name: "settings",
    path: "data.DATABASE_URL",
  },
  {
    title: "a ConfigMap URL with a password and no user",
    objects: () => [base().ns, cm({ REDIS_URL: "redis://:hunter2@cache:6379/0" })],
    code: "CONFIG_MAP_CREDENTIAL_URL",
    kind: "ConfigMap",
    name: "settings",
    path: "data.REDIS_URL",
  },
];

describe("secret hygiene rules", () => {
  it.each(rows)("$code: $title", expectRow);

  it("accepts placeholders in stringData and data, and empty values", () => {
    const s = secret({
      name: "db",
      namespace: NS,
      stringData: { password: "<db-password>", user: "CHANGE_ME" },
    });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal ${VAR} placeholder is what is tested
    const envReference = "${DB_PASSWORD}";
    expect(findings([base().ns, s, rawSecret({ password: b64(envReference), empty: "" }, "db-raw")])).toEqual(
      [],
    );
  });

  it("reads data wrapped in lines decoded, as the API server does", () => {
    const lines = (s: string) => (b64(s).match(/.{1,4}/g) ?? []).join("\r\n");
    expect(findings([base().ns, rawSecret({ user: lines("<db-user>") })])).toEqual([]);
    expect(findings([base().ns, rawSecret({ password: lines("hunter2") })]).map(summary)).toEqual([
      { code: "SECRET_VALUE_NOT_PLACEHOLDER", kind: "Secret", name: "db", path: "data.password" },
    ]);
  });

  it("accepts real values with allowSecretValues, but still not invalid base64", () => {
    const objects = [base().ns, rawSecret({ password: b64("hunter2"), broken: "%%" })];
    expect(findings(objects, { allowSecretValues: true }).map((f) => f.path)).toEqual(["data.broken"]);
  });

  it("never repeats the secret value", () => {
    const [f] = findings([base().ns, rawSecret({ password: b64("hunter2") })]);
    expect(f?.message).not.toContain("hunter2");
    expect(f?.message).toBe(
      'Secret "shop/db": data key "password" decodes to a value (7 characters) that is not a placeholder',
    );
  });

  it.each([
    {
      title: "keys that say where a secret is",
      data: { DB_PASSWORD_FILE: "/run/secrets/db", JWT_SECRET_NAME: "jwt" },
    },
    {
      title: "URLs whose password is filled in at runtime",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal ${VAR} reference is what is tested
      data: { URL: "postgres://app:$(DB_PASSWORD)@db/app", B: "redis://:${REDIS_PASSWORD}@r:6379" },
    },
    {
      title: "URLs with a placeholder or no password",
      data: {
        A: "amqp://app:<password>@mq",
        B: "https://user@example.com/x",
        C: "http://example.com:8080/a@b",
      },
    },
    {
      title: "public keys and certificates",
      data: { "ca.crt": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----" },
    },
  ])("accepts $title", ({ data }) => {
    expect(findings([base().ns, cm(data)])).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------------- what leaked before

/** A Deployment whose one container has these env values, args and pod annotations. */
const app = (o: { env?: Record<string, string>; args?: string[]; annotations?: Record<string, string> }) =>
  deployment({
    name: "web",
    namespace: NS,
    ...(o.annotations === undefined ? {} : { podAnnotations: o.annotations }),
    containers: [
      {
        ...appContainer,
        ...(o.env === undefined ? {} : { env: o.env }),
        ...(o.args === undefined ? {} : { args: o.args }),
      },
    ],
  });
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

describe("ordinary configuration is no finding", () => {
  it.each([
    [
      "URLs without passwords",
      {
        A: "https://example.com/path?x=1&page=2",
        B: "postgres://app@db:5432/app",
        C: "http://prometheus.call-center.svc:9090",
      },
    ],
    ["a port that looks like userinfo", { C: "http://example.com:8080/a@b" }],
    [
      "image digests and checksums",
      {
        IMAGE: `ghcr.io/acme/api@sha256:${"0123456789abcdef".repeat(4)}`,
        SUM: "sha256:".concat("a1b2c3d4".repeat(8)),
        MD5: "d41d8cd98f00b204e9800998ecf8427e",
      },
    ],
    [
      "base64 of ordinary text",
      {
        CA_BUNDLE_B64: b64("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"),
        note: b64("just some ordinary configuration text"),
      },
    ],
    [
      "keys about secrets with ordinary values",
      {
        TOKEN_TTL: "3600",
        PASSWORD_MIN_LENGTH: "12",
        JWT_SECRET_NAME: "jwt",
        OAUTH_TOKEN_URL: "https://auth.example.com/token",
        SECRETS_DIR: "/run/secrets",
        PASSTHROUGH: "true",
        COMPASS_HEADING: "north",
        TOKENIZER: "bpe",
      },
    ],
    [
      "properties without secrets",
      {
        "app.properties":
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR} reference is the case under test
          "db.user=app\ndb.password=${DB_PASSWORD}\ndb.password.file=/run/secrets/db\nlog.level=info\n",
      },
    ],
    [
      "YAML referencing secrets",
      {
        "app.yaml":
          "database:\n  password: <db-password>\n  passwordFile: /run/secrets/db\n  url: postgres://app@db/app\n",
      },
    ],
    [
      "a Grafana config without secrets",
      {
        "grafana.ini":
          "[security]\nadmin_user = admin\nadmin_password = $__env{GF_SECURITY_ADMIN_PASSWORD}\n",
      },
    ],
    [
      "UUIDs and hashes",
      { ID: "123e4567-e89b-12d3-a456-426614174000", GIT_SHA: "4e1edb5c3f2a9d8e7b6a5f4e3d2c1b0a9f8e7d6c" },
    ],
  ])("ConfigMap with %s", (_title, data) => {
    expect(findings([base().ns, cm(data as Record<string, string>)])).toEqual([]);
  });

  it.each([
    [
      "env references and ordinary values",
      {
        DB_PASSWORD: "$(DB_PASSWORD_FROM_SECRET)",
        DB_HOST: "db",
        LOG_LEVEL: "info",
        PWD: "/app",
        TOKEN_TTL: "15m",
        GF_PATHS_DATA: "/var/lib/grafana",
        GF_DATABASE_URL: "postgres://grafana@db:5432/grafana",
      },
    ],
  ])("Deployment with %s", (_title, env) => {
    expect(findings([base().ns, app({ env })]).filter((f) => f.code === "LITERAL_CREDENTIAL")).toEqual([]);
  });

  it("args referencing env and ordinary flags", () => {
    const args = [
      "--db-password=$(DB_PASSWORD)",
      "--config",
      "/etc/app/config.yaml",
      "--token-ttl=1h",
      "--log-level",
      "debug",
    ];
    expect(findings([base().ns, app({ args })]).filter((f) => f.code === "LITERAL_CREDENTIAL")).toEqual([]);
  });
});

describe("dockerconfigjson Secrets in a bundle", () => {
  const regcred = (json: string) => ({
    ...rawSecret({ ".dockerconfigjson": b64(json) }, "regcred"),
    type: "kubernetes.io/dockerconfigjson",
  });

  it("accepts a template whose credentials are placeholders", () => {
    expect(findings([base().ns, regcred(dockerConfigJsonPlaceholder(["ghcr.io"]))])).toEqual([]);
  });

  it("reports a real credential inside it, naming the field", () => {
    const json = `{"auths":{"ghcr.io":{"username":"<ghcr-user>","password":"${FAKE.password}"}}}`;
    const f = findings([base().ns, regcred(json)]);
    expect(f.map((x) => `${x.code} ${x.path}`)).toEqual([
      'SECRET_VALUE_NOT_PLACEHOLDER data[".dockerconfigjson"]',
    ]);
    expect(f[0]?.message).toContain('auths["ghcr.io"].password is not a placeholder');
    expect(f[0]?.message).not.toContain(FAKE.password);
  });
});

describe("placeholder Secrets in a bundle meant for applying (issue 11)", () => {
  const template = () =>
    secret({ name: "db", namespace: NS, stringData: { password: "<db-password>", user: "CHANGE_ME" } });

  it("warns by default: applying the bundle would overwrite the real values", () => {
    const f = findings([base().ns, template()], { purpose: "apply" });
    expect(f.map((x) => `${x.severity} ${x.code} ${x.object.name}`)).toEqual([
      "warning SECRET_PLACEHOLDER_APPLIED db",
    ]);
    expect(f[0]?.message).toBe(
      'Secret "shop/db": holds placeholders ("password", "user"): applying it replaces the real values in the cluster',
    );
  });

  it("warns when no purpose is given (apply is the default)", () => {
    const r = validateBundle([base().ns, template()]);
    expect(r.warnings.map((x) => x.code)).toEqual(["SECRET_PLACEHOLDER_APPLIED"]);
  });

  it('says nothing for a file of templates (purpose: "template")', () => {
    expect(findings([base().ns, template()], { purpose: "template" })).toEqual([]);
  });

  it("also sees placeholders in data and dockerconfigjson templates", () => {
    const regcred = {
      ...rawSecret({ ".dockerconfigjson": b64(dockerConfigJsonPlaceholder(["ghcr.io"])) }, "regcred"),
      type: "kubernetes.io/dockerconfigjson",
    };
    const f = findings([base().ns, rawSecret({ token: b64("<api-token>") }), regcred], { purpose: "apply" });
    expect(f.map((x) => `${x.code} ${x.object.name}`)).toEqual([
      "SECRET_PLACEHOLDER_APPLIED db",
      "SECRET_PLACEHOLDER_APPLIED regcred",
    ]);
  });

  it("does not report a Secret with real values here (that is SECRET_VALUE_NOT_PLACEHOLDER's)", () => {
    const codes = findings([base().ns, rawSecret({ password: b64(FAKE.password) })], {
      purpose: "apply",
    }).map((x) => x.code);
    expect(codes).toEqual(["SECRET_VALUE_NOT_PLACEHOLDER"]);
  });

  it("refuses an unknown purpose with INVALID_OPTION and applies the default", () => {
    const f = findings([base().ns, template()], { purpose: "print" as never });
    expect(f.map((x) => `${x.code} ${x.path}`)).toEqual([
      "INVALID_OPTION options.purpose",
      "SECRET_PLACEHOLDER_APPLIED ",
    ]);
  });
});
