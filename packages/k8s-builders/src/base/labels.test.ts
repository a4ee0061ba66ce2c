import { describe, expect, it } from "vitest";
import { imageVersion, objectLabels } from "./labels.ts";

describe("imageVersion", () => {
  it.each([
    ["postgres:16.10", "16.10"],
    ["ghcr.io/call-center/call-processor:1.0.0", "1.0.0"],
    ["localhost:5000/app:v2", "v2"],
    [`redis:7.4.5@sha256:${"a".repeat(64)}`, "7.4.5"],
  ])("gives the tag of %s", (image, version) => {
    expect(imageVersion(image)).toBe(version);
  });

  it("gives nothing for an image pinned by digest only", () => {
    expect(imageVersion(`redis@sha256:${"a".repeat(64)}`)).toBeUndefined();
  });

  it("is the version the workload builders derive from the same image", () => {
    const image = "prom/prometheus:v3.5.0";
    const tag = image.split(":")[1];
    expect(objectLabels({ name: "p" }, tag)["app.kubernetes.io/version"]).toBe(imageVersion(image));
  });
});
