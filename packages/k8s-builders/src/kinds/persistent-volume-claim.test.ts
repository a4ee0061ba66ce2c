import { describe, expect, it } from "vitest";
import { expectIssue } from "../../test/support/errors.ts";
import { assertSchemaValid } from "../../test/support/schema.ts";
import { type PersistentVolumeClaimOptions, persistentVolumeClaim } from "./persistent-volume-claim.ts";

describe("persistentVolumeClaim", () => {
  it("requests the size with ReadWriteOnce by default", () => {
    const c = persistentVolumeClaim({ name: "data", namespace: "ns", size: "20Gi" });
    assertSchemaValid(c);
    expect(c.spec).toEqual({ accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "20Gi" } } });
  });

  it("writes the storage class and access modes", () => {
    const c = persistentVolumeClaim({
      name: "data",
      size: "1Gi",
      storageClassName: "fast",
      accessModes: ["ReadWriteOncePod"],
    });
    assertSchemaValid(c);
    expect(c.spec).toMatchObject({ storageClassName: "fast", accessModes: ["ReadWriteOncePod"] });
  });

  it.each([
    { options: { name: "data", size: "20GB" }, code: "invalid_format", path: "size" },
    { options: { name: "data" }, code: "required", path: "size" },
    { options: { name: "data", size: "1Gi", accessModes: [] }, code: "too_small", path: "accessModes" },
  ])("refuses $code at $path", ({ options, code, path }) => {
    expectIssue(() => persistentVolumeClaim(options as PersistentVolumeClaimOptions), code, path);
  });
});
