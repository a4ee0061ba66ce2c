import { describe, expect, it } from "vitest";
import { base, expectRow, findings, NS, type Row, summary } from "../../../test/support/checks.ts";
import { b64, cm, rawSecret } from "../../../test/support/secret-hygiene.ts";
import { secret } from "../../kinds/secret.ts";

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
