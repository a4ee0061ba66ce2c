import { describe, expect, it, vi } from "vitest";
import { K8sBuilderError, type OptionIssue } from "./errors.ts";

describe("K8sBuilderError.is", () => {
  const issue: OptionIssue = { path: "a", code: "required", message: "required" };

  it("recognises an error from another copy of the class (as the CommonJS and ESM builds are)", async () => {
    vi.resetModules();
    const copy = await import("./errors.ts");
    expect(copy.K8sBuilderError).not.toBe(K8sBuilderError);
    const foreign = new copy.K8sBuilderError("deployment", "api", [issue]);
    expect(foreign instanceof K8sBuilderError).toBe(false);
    expect(K8sBuilderError.is(foreign)).toBe(true);
  });

  it.each([
    { name: "an Error", value: new Error("x") },
    { name: "a look-alike object", value: { name: "K8sBuilderError", code: "INVALID_OPTIONS", issues: [] } },
    { name: "null", value: null },
    { name: "a string", value: "K8sBuilderError" },
  ])("refuses $name", ({ value }) => {
    expect(K8sBuilderError.is(value)).toBe(false);
  });

  it("keeps INVALID_OPTIONS as the default code and counts problems for IO_ERROR", () => {
    expect(new K8sBuilderError("b", undefined, [issue]).message).toBe(
      "b: 1 invalid option\n  ✖ required → at a",
    );
    const io = new K8sBuilderError("writeTree", "k8s", [issue, issue], "IO_ERROR");
    expect(io.code).toBe("IO_ERROR");
    expect(io.message.split("\n")[0]).toBe('writeTree "k8s": 2 problems');
  });
});
