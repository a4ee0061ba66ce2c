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

  it("takes a decimal size that is a whole number of bytes (1.5Ki)", () => {
    expect(persistentVolumeClaim({ name: "data", size: "1.5Ki" }).spec.resources?.requests?.storage).toBe(
      "1.5Ki",
    );
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
    // A fraction of a byte: the API server warns "fractional byte value … must be an integer".
    { options: { name: "data", size: "100m" }, code: "invalid_format", path: "size" },
    { options: { name: "data", size: "0.1Ki" }, code: "invalid_format", path: "size" },
    { options: { name: "data", size: 0.5 }, code: "invalid_value", path: "size" },
    { options: { name: "data" }, code: "required", path: "size" },
    { options: { name: "data", size: "1Gi", accessModes: [] }, code: "too_small", path: "accessModes" },
  ])("refuses $code at $path", ({ options, code, path }) => {
    expectIssue(() => persistentVolumeClaim(options as PersistentVolumeClaimOptions), code, path);
  });
});
