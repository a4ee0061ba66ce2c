/**
 * Pod Security at the policy version a Namespace pins (`pod-security.kubernetes.io/enforce-version`): the controls
 * that Pod Security Admission adds, relaxes or reads elsewhere from one version to the next.
 */
import { describe, expect, it } from "vitest";
import { base, edit, findings, NS } from "../../../test/support/checks.ts";
import { namespace } from "../../kinds/namespace.ts";
import { validateBundle } from "../validate-bundle.ts";

const S = "spec.template.spec";
const C = `${S}.containers[0]`;
// biome-ignore lint/suspicious/noExplicitAny: rows write pod-spec shapes the types forbid
type Pod = Record<string, any>;
const c0 = (s: Pod): Pod => s.containers[0];

interface PinRow {
  readonly title: string;
  readonly enforce: "baseline" | "restricted";
  /** `pod-security.kubernetes.io/enforce-version`. */
  readonly version: string;
  readonly change: (spec: Pod, template: Pod) => void;
  /** The path of the finding, or undefined when the pinned version admits the pods. */
  readonly path?: string;
}
const pins: PinRow[] = [
  {
    title: "runAsUser 0 before v1.23 (no runAsUser control yet)",
    enforce: "restricted",
    version: "v1.22",
    change: (s) => {
      s.securityContext.runAsUser = 0;
    },
  },
  {
    title: "a probe sent to another host before v1.34",
    enforce: "baseline",
    version: "v1.33",
    change: (s) => {
      c0(s).livenessProbe.httpGet.host = "10.0.0.1";
    },
  },
  {
    title: "no capabilities dropped before v1.22",
    enforce: "restricted",
    version: "v1.21",
    change: (s) => {
      delete c0(s).securityContext.capabilities;
    },
  },
  {
    title: "seccomp Unconfined in the fields before v1.19 (annotations then)",
    enforce: "baseline",
    version: "v1.18",
    change: (s) => {
      s.securityContext.seccompProfile.type = "Unconfined";
    },
  },
  {
    title: "the seccomp annotation unconfined before v1.19",
    enforce: "baseline",
    version: "v1.18",
    change: (_, t) => {
      t.metadata.annotations = { "seccomp.security.alpha.kubernetes.io/pod": "unconfined" };
    },
    path: 'spec.template.metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]',
  },
  {
    title: "the sysctl net.ipv4.tcp_keepalive_time before v1.29",
    enforce: "baseline",
    version: "v1.28",
    change: (s) => {
      s.securityContext.sysctls = [{ name: "net.ipv4.tcp_keepalive_time", value: "600" }];
    },
    path: `${S}.securityContext.sysctls[0].name`,
  },
  {
    title: "SELinux type container_engine_t before v1.31",
    enforce: "baseline",
    version: "v1.30",
    change: (s) => {
      s.securityContext.seLinuxOptions = { type: "container_engine_t" };
    },
    path: `${S}.securityContext.seLinuxOptions.type`,
  },
  {
    title: "runAsNonRoot false in a user namespace before v1.35",
    enforce: "restricted",
    version: "v1.34",
    change: (s) => {
      s.hostUsers = false;
      c0(s).securityContext.runAsNonRoot = false;
    },
    path: `${C}.securityContext.runAsNonRoot`,
  },
  {
    title: "an unmasked /proc in a user namespace before v1.35",
    enforce: "baseline",
    version: "v1.34",
    change: (s) => {
      s.hostUsers = false;
      c0(s).securityContext.procMount = "Unmasked";
    },
    path: `${C}.securityContext.procMount`,
  },
  {
    title: "a Windows pod that may escalate privileges before v1.25",
    enforce: "restricted",
    version: "v1.24",
    change: (s) => {
      s.os = { name: "windows" };
      delete s.securityContext.seccompProfile;
      delete c0(s).securityContext.allowPrivilegeEscalation;
      delete c0(s).securityContext.capabilities;
    },
    path: `${C}.securityContext.allowPrivilegeEscalation`,
  },
];

describe("Pod Security at the version a Namespace pins (enforce-version)", () => {
  it.each(pins)("$enforce $version: $title", ({ enforce, version, change, path }) => {
    const ns = namespace({
      name: NS,
      podSecurity: enforce,
      labels: { "pod-security.kubernetes.io/enforce-version": version },
    });
    const web = edit(base().web, (d) => change(d.spec.template.spec, d.spec.template));
    const found = findings([ns, web]).filter((f) => f.code === "POD_SECURITY_ENFORCE_VIOLATION");
    expect(found.map((f) => f.path)).toEqual(path === undefined ? [] : [path]);
  });

  it("names the pinned version in the message", () => {
    const ns = namespace({
      name: NS,
      podSecurity: "baseline",
      labels: { "pod-security.kubernetes.io/enforce-version": "v1.28" },
    });
    const web = edit(base().web, (d) => {
      d.spec.template.spec.securityContext.sysctls = [{ name: "net.ipv4.tcp_keepalive_time", value: "600" }];
    });
    expect(findings([ns, web])[0]?.message).toBe(
      'Deployment "shop/web": its pods meet "privileged" but namespace "shop" enforces "baseline" at version v1.28, so they would be refused: ' +
        'forbidden sysctl "net.ipv4.tcp_keepalive_time"',
    );
  });
});

describe("Pod Security reads null as unset, as the API server does", () => {
  it("takes a volume whose hostPath is null for the source it has", () => {
    const web = edit(base().web, (d) => {
      d.spec.template.spec.volumes.push({ name: "config", configMap: { name: "app" }, hostPath: null });
    });
    const [report] = validateBundle([web]).podSecurity;
    expect(report?.reasons).toEqual([]);
  });
});
