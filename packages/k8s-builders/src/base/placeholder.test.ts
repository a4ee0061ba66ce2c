import { describe, expect, it } from "vitest";
import { b64, FAKE } from "../../test/support/fake-secrets.ts";
import { hasPlaceholderForm, isPlaceholder } from "./placeholder.ts";

describe("isPlaceholder", () => {
  it.each([
    "<x>",
    "<db password>",
    "<db-password>",
    "<grafana-admin-password>",
    "<grafana.admin.password>",
    "<speech-api-key>",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR} placeholder is the case under test
    "${DB_PASSWORD}",
    "CHANGE_ME",
    "CHANGEME",
    "REPLACE_ME",
    "REPLACE_ME_with_token",
    "PLACEHOLDER",
    "CHANGE_ME-db-password",
    "<s3 bucket key>",
  ])("takes %j for a placeholder", (v) => {
    expect(isPlaceholder(v)).toBe(true);
  });

  it.each([
    ["hunter2", "hunter2"],
    ["<x", "<x"],
    ["x>", "x>"],
    ["change me", "change me"],
    ["sk_live_abc", "sk_live_abc"],
    ["empty", ""],
    ["CHANGE_ME.<JWT>", `CHANGE_ME.${FAKE.jwt}`],
    ["PLACEHOLDER<AWS key id>", `PLACEHOLDER${FAKE.awsKeyId}`],
    ["REPLACEME<base64>", `REPLACEME${b64(FAKE.password)}`],
    ["CHANGE_ME_<AWS key id>", `CHANGE_ME_${FAKE.awsKeyId}`],
    ["<AWS key id>", `<${FAKE.awsKeyId}>`],
    ["<Slack token>", `<${FAKE.slackToken}>`],
    ["<GitHub token>", `<${FAKE.githubToken}>`],
    ["<random password>", `<${FAKE.password}>`],
    ["a placeholder prefix on a password", `CHANGE_ME_${FAKE.password}`],
    ["too many words", "CHANGE_ME_a_b_c_d_e"],
    ["<base64>", `<${b64(FAKE.password)}>`],
    ["<url with a password>", "<postgres://app:x@db>"],
    ["over 200 characters", `<${"a ".repeat(120)}a>`],
  ])("does not take %s for a placeholder", (_title, v) => {
    expect(isPlaceholder(v)).toBe(false);
  });

  it("runs the secret scan on values of placeholder form", () => {
    // The grammar alone keeps tokens out; the scan is the second line (and names the rule in bundle findings).
    expect(hasPlaceholderForm("<db-password>")).toBe(true);
    expect(hasPlaceholderForm(`<${FAKE.awsKeyId}>`)).toBe(false);
  });
});
