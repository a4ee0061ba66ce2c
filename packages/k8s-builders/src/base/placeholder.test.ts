import { describe, expect, it } from "vitest";
import { isPlaceholder } from "./placeholder.ts";

describe("isPlaceholder", () => {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${VAR} placeholder is the case under test
  it.each(["<x>", "<db password>", "${DB_PASSWORD}", "CHANGE_ME", "REPLACE_ME_with_token", "PLACEHOLDER"])(
    "takes %s for a placeholder",
    (v) => {
      expect(isPlaceholder(v)).toBe(true);
    },
  );

  it.each(["hunter2", "<x", "x>", "change me", "sk_live_abc", ""])(
    "does not take %s for a placeholder",
    (v) => {
      expect(isPlaceholder(v)).toBe(false);
    },
  );
});
