/**
 * The alerts section's view, pure: what Prometheus's cached answer holds, or why there is
 * none (no Prometheus configured, not read yet, unreachable).
 */
import { formatTime } from "./format-time.ts";
import type { AlertsSnapshot, PrometheusAlert } from "./prometheus-alerts.ts";
import type { ReadCacheState } from "./status-cache.ts";
import type { AlertsView, AlertView } from "./status-view.ts";

/** The section for the cached alerts; null when no Prometheus is configured. */
export function buildAlertsView(cache: ReadCacheState<AlertsSnapshot> | null): AlertsView {
  if (cache === null) {
    return { kind: "unconfigured", text: "No Prometheus is configured (PROMETHEUS_URL is unset): alerts are not shown here." };
  }
  const { snapshot, failure, refreshing } = cache;
  if (snapshot === null) {
    const text = failure
      ? `Prometheus could not be read (${failure.error}): no alerts known.`
      : refreshing
      ? "Reading Prometheus: no alerts known yet."
      : "Prometheus not read yet.";
    return { kind: "missing", text, readAt: null, firing: [], pending: [], omitted: 0 };
  }
  const firing = snapshot.alerts.filter((a) => a.state === "firing").map(alertView);
  const pending = snapshot.alerts.filter((a) => a.state === "pending").map(alertView);
  const count = firing.length === 0 ? "No alert is firing" : firing.length === 1 ? "1 alert is firing" : `${firing.length} alerts are firing`;
  const more = snapshot.omitted > 0 ? ` ${snapshot.omitted} more are not listed.` : "";
  const text = failure
    ? `Prometheus could not be read at ${formatTime(failure.at)} (${failure.error}): as read at ${formatTime(snapshot.readAt)}, ${count.toLowerCase()}.${more}`
    : `${count} (read from Prometheus at ${formatTime(snapshot.readAt)}).${more}`;
  return { kind: failure ? "stale" : "read", text, readAt: snapshot.readAt, firing, pending, omitted: snapshot.omitted };
}

function alertView(a: PrometheusAlert): AlertView {
  return { name: a.name, state: a.state, severity: a.severity, summary: a.summary, labels: a.labels, activeSince: a.activeSince };
}
