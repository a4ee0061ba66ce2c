import { describe, expect, it } from "vitest";
import { base, findings } from "../../../test/support/checks.ts";
import { app, b64, cm } from "../../../test/support/secret-hygiene.ts";

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
