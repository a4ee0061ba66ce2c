/** Facts the generated builder pages state that were once wrong: each checked against what the code does. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { deployment, hpaFor } from "@call-center/k8s-builders";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const page = (name: string): string => readFileSync(join(root, "docs/builders", `${name}.md`), "utf8");
const lines = (text: string, start: string): string[] => text.split("\n").filter((l) => l.startsWith(start));

describe("docs/builders", () => {
  it("hpaFor: minReplicas defaults to the workload's replicas, in every place the page says it", () => {
    const api = deployment({
      name: "api",
      replicas: 3,
      containers: [{ name: "api", image: "ghcr.io/acme/api:1.4.2" }],
    });
    expect(hpaFor(api, { maxReplicas: 10, cpuUtilization: 70 }).spec?.minReplicas).toBe(3);
    const text = page("hpaFor");
    const stated = [...lines(text, "- `minReplicas`:"), ...lines(text, "| `minReplicas` |")];
    expect(stated).toHaveLength(2);
    for (const line of stated) expect(line).toContain("the workload's replicas");
  });

  it.each(["deployment", "statefulSet"])(
    "%s: the seccomp profiles named are the ones the option takes",
    (name) => {
      const row = lines(page(name), "| `security.seccompProfile` |")[0] ?? "";
      const [, type = "", , , description = ""] = row.split(" | ");
      const accepted = new Set([...type.matchAll(/"(\w+)"/g)].map((m) => m[1]));
      expect(accepted).toEqual(new Set(["RuntimeDefault", "Unconfined"]));
      const named = [...description.matchAll(/\b(RuntimeDefault|Unconfined|Localhost)\b/g)].map((m) => m[1]);
      expect(named.length).toBeGreaterThan(0);
      for (const profile of named) expect(accepted, `the description names ${profile}`).toContain(profile);
    },
  );
});
