/**
 * Fixtures of the monitoring tests (src/monitoring/dashboard*.test.ts, grafana*.test.ts): the issues a builder
 * reports, and two panels built with the real panel builders.
 */
import { K8sBuilderError, type OptionIssue } from "../../src/base/errors.ts";
import { stat, timeSeries } from "../../src/monitoring/panels.ts";

/** The issues of the library error that `build` throws; rethrows any other error, fails if it returns. */
export function issuesOf(build: () => unknown): readonly OptionIssue[] {
  try {
    build();
  } catch (e) {
    if (e instanceof K8sBuilderError) return e.issues;
    throw e;
  }
  throw new Error("expected a K8sBuilderError");
}

/** A time series of the call processor's request rate by status code. */
export const requests = timeSeries({
  title: "Requests",
  unit: "reqps",
  queries: [
    { expr: 'sum by (code) (rate(http_requests_total{job="call-processor"}[5m]))', legend: "{{code}}" },
  ],
});
/** A stat of the call processor's `up`. */
export const up = stat({ title: "Up", queries: [{ expr: 'up{job="call-processor"}' }] });
