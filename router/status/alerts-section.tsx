/** The alerts section: what Prometheus says is firing, or why it cannot say. */
import type { FC } from "hono/jsx";
import { formatTime } from "./format-time.ts";
import type { AlertsView, AlertView } from "./status-view.ts";

const labelText = (labels: Readonly<Record<string, string>>) =>
  Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(", ");

const AlertRows: FC<{ alerts: readonly AlertView[] }> = ({ alerts }) => (
  <>
    {alerts.map((a) => (
      <tr class={`alert ${a.state}`} data-alert={a.name} data-state={a.state} data-severity={a.severity ?? ""}>
        <td>{a.name}</td>
        <td>{a.severity ?? "–"}</td>
        <td>{a.state}</td>
        <td>{a.activeSince === null ? "–" : formatTime(a.activeSince)}</td>
        <td>
          {a.summary ?? ""} <small>{labelText(a.labels)}</small>
        </td>
      </tr>
    ))}
  </>
);

/** Firing alerts first, then pending ones, from Prometheus's API. */
export const AlertsSection: FC<{ alerts: AlertsView }> = ({ alerts }) => {
  if (alerts.kind === "unconfigured") {
    return (
      <section id="alerts" data-kind="unconfigured">
        <h2>Alerts</h2>
        <p class="note">{alerts.text}</p>
      </section>
    );
  }
  const rows = [...alerts.firing, ...alerts.pending];
  return (
    <section id="alerts" data-kind={alerts.kind} data-firing={alerts.firing.length}>
      <h2>Alerts</h2>
      <p class={`data ${alerts.kind === "read" ? "fresh" : alerts.kind}`}>{alerts.text}</p>
      {rows.length > 0 && (
        <table class="alerts">
          <thead>
            <tr>
              <th>Alert</th>
              <th>Severity</th>
              <th>State</th>
              <th>Since</th>
              <th>Summary</th>
            </tr>
          </thead>
          <tbody>
            <AlertRows alerts={rows} />
          </tbody>
        </table>
      )}
    </section>
  );
};
