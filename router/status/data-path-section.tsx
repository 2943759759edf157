/** The data path section: ingestion's partitions, what it quarantined, and the stream's clock. */
import type { FC } from "hono/jsx";
import { formatDuration } from "./format-duration.ts";
import { formatTime } from "./format-time.ts";
import type { DataPathView } from "./status-view.ts";

const STATE_LABELS = { stalled: "stalled", behind: "behind", caught_up: "caught up", unmeasured: "unmeasured" } as const;

/** `2024-05-01 12:05:00 UTC (3 min ago)`, or `never`. */
const when = (at: number | null, now: number) => (at === null ? "never" : `${formatTime(at)} (${formatDuration(now - at)} ago)`);

/** Partitions with lag, last progress and the stall verdict; quarantines of the last hour; the stream clock. */
export const DataPathSection: FC<{ dataPath: DataPathView | null; now: number }> = ({ dataPath, now }) => {
  if (dataPath === null) {
    return (
      <section id="data-path" data-read="false">
        <h2>Data path</h2>
        <p>Not read from the database yet.</p>
      </section>
    );
  }
  const { partitions, quarantine, clock } = dataPath;
  const stalled = partitions.filter((p) => p.state === "stalled").length;
  return (
    <section id="data-path" data-read="true" data-stalled={stalled}>
      <h2>Data path</h2>
      <h3>Ingestion by partition</h3>
      <p class="note">
        Lag is the messages between Kafka's newest offset and the stored checkpoint. A partition is stalled when it
        had lag in every sample of the last {formatDuration(dataPath.stallWindowMs)} and its checkpoint did not move:
        the definition the alert IngestPartitionStalled uses. Ingestion samples every partition every few seconds.
      </p>
      {dataPath.partitionsNote && <p class="empty">{dataPath.partitionsNote}</p>}
      {partitions.length > 0 && (
        <table class="partitions">
          <thead>
            <tr>
              <th>Topic</th>
              <th>Partition</th>
              <th>State</th>
              <th>Lag</th>
              <th>Last progress</th>
              <th>Sampled</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {partitions.map((p) => (
              <tr class={`partition ${p.state}`} data-topic={p.topic} data-partition={p.partition} data-state={p.state} data-lag={p.lag}>
                <td>{p.topic}</td>
                <td>{p.partition}</td>
                <td class="state">{STATE_LABELS[p.state]}</td>
                <td class="lag">{p.lag}</td>
                <td class="progress">{when(p.lastProgressAt, now)}</td>
                <td>{formatDuration(now - p.measuredAt)} ago</td>
                <td class="detail">{p.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Quarantined in the last {formatDuration(quarantine.to - quarantine.from)}</h3>
      <p id="quarantine-total" data-total={quarantine.total}>
        {quarantine.total === 0 ? "Nothing" : `${quarantine.total} records`} set aside with a reason, by the wall-clock
        time ingestion received them, {formatTime(quarantine.from)} to {formatTime(quarantine.to)}.
      </p>
      {quarantine.counts.length > 0 && (
        <table class="quarantine">
          <thead>
            <tr>
              <th>Source</th>
              <th>Reason</th>
              <th>Records</th>
            </tr>
          </thead>
          <tbody>
            {quarantine.counts.map((c) => (
              <tr class="quarantine-reason" data-source={c.source} data-reason={c.reason} data-count={c.count}>
                <td>{c.source}</td>
                <td>{c.reason}</td>
                <td class="count">{c.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Stream clock</h3>
      <p id="stream-clock" data-ahead-ms={clock.aheadMs ?? ""}>{clock.text}</p>
    </section>
  );
};
