import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectIssue } from "../../test/support/errors.ts";
import { base, valid, ws } from "../../test/support/http-route.ts";
import { httpRoute } from "./http-route.ts";
import { httpPathProblem } from "./http-route-rules.ts";

// Path segments of the URL path characters the CRD allows (its CEL rule), without the sequences it refuses.
const segment = fc.stringMatching(/^[-A-Za-z0-9_~!$&'()*+,;=:@]{1,8}$/);
const goodPath = fc.array(segment, { minLength: 0, maxLength: 5 }).map((s) => `/${s.join("/")}`);

describe("httpRoute (properties)", () => {
  it("builds every absolute path of URL characters as a PathPrefix and Exact match, valid for the CRD", () => {
    fc.assert(
      fc.property(
        goodPath,
        fc.constantFrom("PathPrefix", "Exact") as fc.Arbitrary<"PathPrefix" | "Exact">,
        (value, type) => {
          expect(httpPathProblem(value)).toBeUndefined();
          const r = valid({
            ...base,
            rules: [{ matches: [{ path: { type, value } }], backends: [{ service: ws }] }],
          });
          expect(r.spec.rules[0]?.matches?.[0]?.path).toEqual({ type, value });
        },
      ),
      { numRuns: 100 },
    );
  });

  it("refuses a path holding a sequence the CRD refuses, wherever it is", () => {
    fc.assert(
      fc.property(
        goodPath,
        fc.constantFrom("//", "/./", "/../", "%2f", "%2F", "#", " ", "?"),
        goodPath,
        (a, bad, b) => {
          const value = `${a}${bad}${b.slice(1)}`;
          expectIssue(
            () =>
              httpRoute({
                ...base,
                rules: [{ matches: [{ path: { value } }], backends: [{ service: ws }] }],
              }),
            "invalid_format",
            "rules[0].matches[0].path.value",
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it("keeps backendRequest at most request for any pair of durations", () => {
    const duration = fc
      .tuple(fc.integer({ min: 0, max: 99999 }), fc.constantFrom("h", "m", "s", "ms"))
      .map(([n, u]) => `${n}${u}`);
    fc.assert(
      fc.property(duration, duration, (request, backendRequest) => {
        const ms = (d: string) =>
          Number(d.match(/^\d+/)?.[0]) *
          { h: 3600000, m: 60000, s: 1000, ms: 1 }[d.replace(/^\d+/, "") as "h"];
        const options = {
          ...base,
          rules: [{ backends: [{ service: ws }], timeouts: { request, backendRequest } }],
        };
        if (ms(request) !== 0 && ms(backendRequest) > ms(request)) {
          expectIssue(() => httpRoute(options), "min_above_max", "rules[0].timeouts.backendRequest");
        } else {
          expect(valid(options).spec.rules[0]?.timeouts).toEqual({ request, backendRequest });
        }
      }),
      { numRuns: 100 },
    );
  });
});
