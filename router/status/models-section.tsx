/** The models section: the production model and its data, the last refresh and training, the gate's verdicts. */
import type { FC } from "hono/jsx";
import { formatDuration } from "./format-duration.ts";
import { formatTime } from "./format-time.ts";
import type { GateVerdictView, ModelsView } from "./status-view.ts";

const when = (at: number, now: number) => `${formatTime(at)} (${formatDuration(now - at)} ago)`;
const rowCounts = (rows: Readonly<Record<string, number>>) =>
  Object.entries(rows).map(([kind, n]) => `${n} ${kind}`).join(", ") || "no rows recorded";
const verdict = (v: GateVerdictView) =>
  v.passed === null ? "no verdict recorded" : v.passed ? `passed (${v.metric})` : `rejected (${v.metric}): ${v.reasons.join("; ")}`;

/** What serves, how old it and its data are, and what training produced lately. */
export const ModelsSection: FC<{ models: ModelsView | null; now: number }> = ({ models, now }) => {
  if (models === null) {
    return (
      <section id="models" data-read="false">
        <h2>Models</h2>
        <p>Not read from the database yet.</p>
      </section>
    );
  }
  const { production, lastRefresh, lastTraining } = models;
  return (
    <section id="models" data-read="true">
      <h2>Models</h2>
      <dl>
        <dt>Production model</dt>
        <dd id="production-model" data-version={production?.version ?? ""}>
          {production
            ? `${production.version}, trained ${when(production.trainedAt, now)}, in production since ${formatTime(production.promotedAt)}`
            : "None: no model has been promoted, workers following production have nothing to serve."}
        </dd>
        <dt>Its training data</dt>
        <dd id="production-data" data-snapshot={production?.data?.snapshotId ?? ""}>
          {production?.data
            ? `snapshot ${production.data.snapshotId}: ${rowCounts(production.data.rows)}; newest event ` +
              (production.data.to === null ? "unknown" : when(production.data.to, now))
            : "–"}
        </dd>
        <dt>Last data refresh</dt>
        <dd id="last-refresh" data-snapshot={lastRefresh?.snapshotId ?? ""}>
          {lastRefresh
            ? `${when(lastRefresh.at, now)}: snapshot ${lastRefresh.snapshotId}, ${rowCounts(lastRefresh.rows)}` +
              (lastRefresh.dataTo === null ? "" : `, events up to ${formatTime(lastRefresh.dataTo)}`)
            : "Never: no training data snapshot is recorded."}
        </dd>
        <dt>Last training</dt>
        <dd id="last-training" data-version={lastTraining?.version ?? ""} data-status={lastTraining?.status ?? ""}>
          {lastTraining ? `${lastTraining.version}, ${when(lastTraining.trainedAt, now)}: ${lastTraining.outcome}` : "None registered."}
        </dd>
      </dl>
      <h3>The offline gate's last verdicts</h3>
      {models.verdicts.length === 0 && <p>None yet.</p>}
      {models.verdicts.length > 0 && (
        <table class="verdicts">
          <thead>
            <tr>
              <th>Model</th>
              <th>Trained</th>
              <th>Status</th>
              <th>Gate</th>
            </tr>
          </thead>
          <tbody>
            {models.verdicts.map((v) => (
              <tr class="verdict" data-version={v.version} data-passed={v.passed === null ? "" : String(v.passed)} data-status={v.status}>
                <td>{v.version}</td>
                <td>{formatTime(v.trainedAt)}</td>
                <td>{v.status}</td>
                <td class="gate">{verdict(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
};
