/**
 * The alerts Prometheus holds now, from its HTTP API (GET /api/v1/alerts): the status
 * page shows what pages the operator next to what it measures itself. The answer is
 * hostile input like any other: its size, the number of alerts and every string are
 * bounded, and a malformed answer is an error the page reports, never a crash.
 */
import { z } from "zod";
import { readCappedBody } from "../../infra/users/read-capped-body.ts";

/** One alert firing (or pending: its condition holds, its `for` has not passed yet). */
export type PrometheusAlert = {
  readonly name: string;
  readonly state: "firing" | "pending";
  readonly severity: string | null;
  readonly summary: string | null;
  /** Its labels but `alertname` and `severity`: which series it is about (topic, partition, …). */
  readonly labels: Readonly<Record<string, string>>;
  /** When its condition started to hold, epoch ms; null when Prometheus did not say. */
  readonly activeSince: number | null;
  readonly value: string | null;
};

export type AlertsSnapshot = {
  readonly readAt: number;
  /** Firing first, then pending; by name. At most MAX_ALERTS. */
  readonly alerts: readonly PrometheusAlert[];
  /** Alerts left out beyond MAX_ALERTS. */
  readonly omitted: number;
};

/** Reads the alerts; throws when Prometheus cannot be reached or answers something else. */
export type AlertsReader = { read(now: number): Promise<AlertsSnapshot> };

/** More than this many alerts at once is an incident of its own; the page shows the count. */
export const MAX_ALERTS = 50;
const MAX_ANSWER_BYTES = 1_000_000;
const TIMEOUT_MS = 3000;

const Text = z.string().max(4000);
const Alert = z.object({
  labels: z.record(z.string().max(200), Text),
  annotations: z.record(z.string().max(200), Text).default({}),
  state: z.string().max(50),
  activeAt: z.string().max(100).optional(),
  value: z.string().max(100).optional(),
});
const Answer = z.discriminatedUnion("status", [
  z.object({ status: z.literal("success"), data: z.object({ alerts: z.array(Alert).max(10_000) }) }),
  z.object({ status: z.literal("error"), errorType: Text.optional(), error: Text.optional() }),
]);

/** The API's URL under `baseUrl` (a path prefix, as behind a proxy, is kept). */
export function alertsApiUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/api/v1/alerts`;
  url.search = "";
  url.hash = "";
  return url.toString();
}

/** The firing and pending alerts of one API answer's JSON `body`; throws naming what is wrong. */
export function parseAlertsAnswer(body: unknown, readAt: number): AlertsSnapshot {
  const parsed = Answer.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Prometheus answered an unexpected alerts document: ${issue?.path.join(".") || "body"} ${issue?.message ?? "is invalid"}`);
  }
  const answer = parsed.data;
  if (answer.status === "error") throw new Error(`Prometheus refused the alerts query: ${answer.errorType ?? "error"}: ${answer.error ?? ""}`);
  const alerts = answer.data.alerts
    .filter((a): a is typeof a & { state: "firing" | "pending" } => a.state === "firing" || a.state === "pending")
    .map((a): PrometheusAlert => {
      const { alertname, severity, ...labels } = a.labels;
      const since = a.activeAt === undefined ? NaN : Date.parse(a.activeAt);
      return {
        name: alertname ?? "(unnamed)",
        state: a.state,
        severity: severity ?? null,
        summary: a.annotations.summary ?? null,
        labels,
        // Prometheus writes the zero time for "never"; a time before 1971 is that.
        activeSince: Number.isFinite(since) && since > 365 * 86_400_000 ? since : null,
        value: a.value ?? null,
      };
    })
    .sort((x, y) => (x.state === y.state ? 0 : x.state === "firing" ? -1 : 1) || x.name.localeCompare(y.name) || _labelText(x).localeCompare(_labelText(y)));
  return { readAt, alerts: alerts.slice(0, MAX_ALERTS), omitted: Math.max(0, alerts.length - MAX_ALERTS) };
}

const _labelText = (a: PrometheusAlert) => Object.entries(a.labels).sort().map(([k, v]) => `${k}=${v}`).join(",");

/** A reader of Prometheus at `baseUrl` through `fetchFn`. */
export function prometheusAlertsReader(baseUrl: string, fetchFn: typeof fetch = fetch): AlertsReader {
  const url = alertsApiUrl(baseUrl);
  return {
    async read(now) {
      const response = await fetchFn(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { Accept: "application/json" } });
      const body = await readCappedBody(response, MAX_ANSWER_BYTES);
      if (body.kind === "too_large") throw new Error(`Prometheus's alerts answer is over ${MAX_ANSWER_BYTES} bytes: not read`);
      let json: unknown;
      try {
        json = JSON.parse(body.text);
      } catch {
        throw new Error(`Prometheus answered ${response.status} with a body that is not JSON`);
      }
      return parseAlertsAnswer(json, now);
    },
  };
}
