/**
 * The status page's Postgres reads of the data path and the models against a real
 * database (or the embedded one): sampled partitions, quarantines by wall-clock time
 * received, the stream clock, the registry's standing and the newest data snapshot.
 */
import assert from "node:assert/strict";
import { connectDatabase } from "../../infra/db/connect-database.ts";
import { createTestDatabase } from "../../tests/support/test-database.ts";
import { DEFAULT_STATUS_READ_OPTIONS, postgresStatusReader } from "./postgres-status-reader.ts";

const integration = { sanitizeOps: false, sanitizeResources: false };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

Deno.test({ name: "postgresStatusReader() reads the data path and the models' standing", ...integration }, async () => {
  const testDb = await createTestDatabase();
  const { sql, close } = connectDatabase(testDb.url);
  try {
    const now = Math.floor(Date.now() / 1000) * 1000;
    const empty = await postgresStatusReader(sql).read({ now, experiments: [] });
    assert.deepEqual(empty.dataPath, { partitions: [], quarantine: { from: now - HOUR, to: now, counts: [] }, streamClock: null });
    assert.deepEqual(empty.models, { production: null, recent: [], latestData: null });

    const at = (ms: number) => new Date(ms).toISOString();
    await sql`
      insert into ingest_partition_status (consumer, topic, partition, cluster_id, lag, next_offset, progressed_at, lag_since,
        checkpoint_since, stalled, measured_at)
      values ('movielog-ingest', 'movielog', 1, 'c1', 7, 120, ${at(now - 20 * MINUTE)}, ${at(now - 12 * MINUTE)},
          ${at(now - 20 * MINUTE)}, true, ${at(now - 5000)}),
        ('movielog-ingest', 'movielog', 0, 'c1', 0, null, null, null, ${at(now - 5000)}, false, ${at(now - 5000)})`;
    // Two malformed lines and one future time within the hour; one an hour and a minute ago.
    await sql`
      insert into quarantine (source, partition, position, raw, reason, detail, received_at)
      values ('kafka:movielog', 0, 1, '\\x00', 'malformed', '', ${at(now - 10 * MINUTE)}),
        ('kafka:movielog', 0, 2, '\\x00', 'malformed', '', ${at(now - 50 * MINUTE)}),
        ('kafka:movielog', 1, 3, '\\x00', 'future_time', '', ${at(now - MINUTE)}),
        ('kafka:movielog', 1, 4, '\\x00', 'malformed', '', ${at(now - 61 * MINUTE)})`;
    await sql`
      insert into ingest_checkpoints (consumer, cluster_id, topic, partition, next_offset, watermark)
      values ('movielog-ingest', 'c1', 'movielog', 0, 10, ${at(now + 30 * 24 * HOUR)})`;
    const manifest = (id: string, to: string) => JSON.stringify({ snapshot: { id, source: "event-store", rows: { watch: 9, ratings: 1 }, timeRange: { from: null, to }, filters: {} } });
    const gate = (pass: boolean) => JSON.stringify({ gate: { pass, metric: "ndcg", reasons: pass ? [] : ["worse"] } });
    await sql`
      insert into models (version, algorithm, artifact_path, manifest, metrics, snapshot_id, code_commit, status, created_at, status_changed_at)
      values ('als-1', 'als-explicit', '/a/1', ${manifest("snap-a", "2024-05-01T10:00:00.000Z")}::jsonb, ${gate(true)}::jsonb, 'snap-a', 'c', 'production',
          ${at(now - 26 * HOUR)}, ${at(now - 25 * HOUR)}),
        ('als-2', 'als-explicit', '/a/2', ${manifest("snap-b", "not a time")}::jsonb, ${gate(false)}::jsonb, 'snap-b', 'c', 'rejected',
          ${at(now - 2 * HOUR)}, ${at(now - 2 * HOUR)}),
        ('old', 'als-explicit', '/a/0', '{}'::jsonb, '{}'::jsonb, 's', 'c', 'retired', ${at(now - 48 * HOUR)}, ${at(now - 25 * HOUR)})`;
    await sql`
      insert into data_snapshots (id, created_at, source, cutoff, rows, time_from, time_to, filters, excluded)
      values ('snap-a', ${at(now - 27 * HOUR)}, 'event-store', null, '{"watch": 9}', null, null, '{}', '{}'),
        ('snap-b', ${at(now - 2 * HOUR - 30_000)}, 'event-store', ${at(now - 2 * HOUR - 60_000)}, '{"watch": 10, "ratings": 2}', null,
          ${at(now - 3 * HOUR)}, '{}', '{}')`;

    const { dataPath, models } = await postgresStatusReader(sql, { ...DEFAULT_STATUS_READ_OPTIONS, recentModels: 2 }).read({ now, experiments: [] });
    assert.deepEqual(dataPath.partitions.map((p) => [p.partition, p.lag, p.nextOffset, p.stalled, p.lagSince, p.progressedAt, p.measuredAt]), [
      [0, 0, null, false, null, null, now - 5000],
      [1, 7, 120, true, now - 12 * MINUTE, now - 20 * MINUTE, now - 5000],
    ]);
    assert.deepEqual(dataPath.quarantine.counts, [
      { source: "kafka:movielog", reason: "malformed", count: 2 },
      { source: "kafka:movielog", reason: "future_time", count: 1 },
    ]);
    assert.equal(dataPath.streamClock, now + 30 * 24 * HOUR);
    assert.deepEqual(models.production, {
      version: "als-1",
      status: "production",
      createdAt: now - 26 * HOUR,
      statusChangedAt: now - 25 * HOUR,
      data: { id: "snap-a", rows: { watch: 9, ratings: 1 }, to: Date.parse("2024-05-01T10:00:00.000Z") },
      gate: { pass: true, metric: "ndcg", reasons: [] },
    });
    // The newest two; a manifest time that is no time reads as unknown, not as an error.
    assert.deepEqual(models.recent.map((m) => [m.version, m.status, m.gate?.pass, m.data?.to]), [["als-2", "rejected", false, null], ["als-1", "production", true, Date.parse("2024-05-01T10:00:00.000Z")]]);
    assert.deepEqual(models.latestData, {
      id: "snap-b",
      source: "event-store",
      createdAt: now - 2 * HOUR - 30_000,
      cutoff: now - 2 * HOUR - 60_000,
      timeTo: now - 3 * HOUR,
      rows: { watch: 10, ratings: 2 },
    });
  } finally {
    await close();
    await testDb.drop();
  }
});
