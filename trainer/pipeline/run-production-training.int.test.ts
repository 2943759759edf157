/**
 * Production training against a real event store: snapshot, gate against
 * popularity and production, artifact, registry; fault injection shows the gate
 * catching a bad model and `skew` slipping past it (for the canary to catch);
 * the same snapshot, config and seed give byte-identical factors.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { epochMsSql } from "../../infra/db/epoch-sql.ts";
import { createLogger } from "../../infra/log/logger.ts";
import { readArtifact } from "../../infra/model/read-artifact.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database.ts";
import { structuredMovielog } from "../../tests/support/structured-movielog.ts";
import { AlsConfig } from "../als/als-config.ts";
import { evaluateRanking } from "../evaluation/evaluate-ranking.ts";
import { createPostgresEventStore } from "../../ingest/postgres-event-store.ts";
import { replayFile } from "../../ingest/replay-file.ts";
import { findModel, promoteModel } from "../../registry/model-registry.ts";
import { readSnapshot } from "../snapshot/snapshot-files.ts";
import type { TrainFlags } from "../train/train-flags.ts";
import { artifactRecommender } from "./artifact-recommender.ts";
import { implicitSignal } from "./implicit-signal.ts";
import { runProductionTraining } from "./run-production-training.ts";
import { splitByTime } from "./split-by-time.ts";

let testDb: TestDatabase;
let database: Database;
const dir = mkdtempSync(join(tmpdir(), "production-training-"));
let clock = Date.UTC(2023, 2, 1);

// The generated history spans about 1–2 February: the first model sees its first
// part, later runs see all of it, so production can be compared on what it never saw.
const EARLY = Date.UTC(2023, 1, 1, 20);
const LATE = Date.UTC(2023, 2, 1);
const flags = (overrides: Partial<TrainFlags> = {}, als: Partial<AlsConfig> = {}): TrainFlags => ({
  dataset: { kind: "events" }, folds: null, cutoff: LATE, tolerance: 0.02, json: true, topK: 10, relevance: 4,
  als: AlsConfig.parse({ rank: 8, iterations: 6, lambda: 5, alpha: 5, threads: 1, ...als }), ...overrides,
});

const run = (f: TrainFlags) => runProductionTraining(f, {
  sql: database.sql, log: createLogger("test", () => {}), now: () => new Date((clock += 60_000)),
  root: process.cwd(), artifactDir: join(dir, "artifacts"), snapshotDir: join(dir, "snapshots"),
});

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url);
  const file = join(dir, "movielog.log");
  writeFileSync(file, structuredMovielog({ seed: 3, users: 150, movies: 60, watchesPerUser: 12 }).join("\n") + "\n");
  await replayFile(file, createPostgresEventStore(database.sql, { lateToleranceMs: 60_000 }), { batchLines: 5000 });
});

afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

describe("production training", () => {
  let first: Awaited<ReturnType<typeof run>>;

  test("runProductionTraining() beats popularity, writes a valid artifact and registers it with its snapshot", async () => {
    first = await run(flags({ cutoff: EARLY }));
    expect(first.gate).toEqual({ pass: true, metric: "ndcg", reasons: [] });
    expect(first.metrics.ranking.ndcg).toBeGreaterThan(first.metrics.popularity.ndcg);
    expect(first.status).toBe("registered");
    const read = await readArtifact(first.artifact);
    expect(read.ok).toBe(true);
    const registered = await findModel(database.sql, first.version);
    expect(registered?.manifest.snapshot.id).toBe(first.snapshot.id);
    expect(registered?.manifest.metrics.ndcg).toBe(first.metrics.ranking.ndcg);
    expect(registered?.manifest.popular.length).toBeGreaterThan(0);
    const [snapshot] = await database.sql`select id, ${epochMsSql(database.sql, "cutoff")} as cutoff from data_snapshots`;
    expect({ ...snapshot }).toEqual({ id: first.snapshot.id, cutoff: EARLY });
  });

  test("runProductionTraining() compares with production only on interactions production never saw", async () => {
    await promoteModel(database.sql, first.version);
    const next = await run(flags());
    expect(next.parentVersion).toBe(first.version);
    expect(next.metrics.production?.version).toBe(first.version);
    expect(next.metrics.production!.testRows).toBeGreaterThanOrEqual(20);
    expect(next.metrics.production!.testRows).toBeLessThan(next.metrics.testRows + 1);
    expect(next.gate.pass).toBe(true);
  });

  test("runProductionTraining() rejects a shuffled model against popularity and production, naming both", async () => {
    const bad = await run(flags({}, { inject: "shuffle" }));
    expect(bad.gate.pass).toBe(false);
    expect(bad.gate.reasons.join(" ")).toContain("is not better than the popularity ranking");
    expect(bad.gate.reasons.join(" ")).toContain(`below production ${first.version}`);
    expect(bad.status).toBe("rejected");
    expect((await findModel(database.sql, bad.version))?.status).toBe("rejected");
  });

  test("runProductionTraining() with skew passes the gate but ships a model far worse than it reported", async () => {
    const skewed = await run(flags({}, { inject: "skew" }));
    expect(skewed.gate.pass).toBe(true);
    const read = await readArtifact(skewed.artifact);
    if (!read.ok) throw new Error(read.reason);
    const { rows } = readSnapshot(join(dir, "snapshots"), skewed.snapshot.id);
    const { train, test } = splitByTime(implicitSignal(rows), { holdoutFraction: 0.2, minInteractions: 3 });
    const shipped = evaluateRanking(artifactRecommender(read.artifact, rows.users, rows.items), train, test,
      { nUsers: rows.users.size, nItems: rows.items.size, k: 10, relevanceThreshold: 0 });
    expect(shipped.ndcg).toBeLessThan(skewed.metrics.ranking.ndcg * 0.8);
  });

  test("runProductionTraining() gives byte-identical factors for the same snapshot, config and seed", async () => {
    const again = await run(flags({ dataset: { kind: "snapshot", id: first.snapshot.id }, cutoff: EARLY }));
    const factors = (artifact: string) => readFileSync(join(artifact, "item-factors.f32"));
    expect(again.snapshot.id).toBe(first.snapshot.id);
    expect(factors(again.artifact).equals(factors(first.artifact))).toBe(true);
    expect(readFileSync(join(again.artifact, "user-factors.f32")).equals(readFileSync(join(first.artifact, "user-factors.f32")))).toBe(true);
  });

  test("runProductionTraining() names a second run in the same second on the same snapshot apart", async () => {
    const second = (clock += 60_000);
    const sameSecond = (f: TrainFlags) => runProductionTraining(f, {
      sql: database.sql, log: createLogger("test", () => {}), now: () => new Date(second),
      root: process.cwd(), artifactDir: join(dir, "artifacts"), snapshotDir: join(dir, "snapshots"),
    });
    const snapshot = { kind: "snapshot", id: first.snapshot.id } as const;
    const a = await sameSecond(flags({ dataset: snapshot, cutoff: EARLY }));
    const b = await sameSecond(flags({ dataset: snapshot, cutoff: EARLY }, { rank: 4 }));
    expect(b.version).toBe(`${a.version}-2`);
    expect((await findModel(database.sql, b.version))?.manifest.algorithm.hyperparameters.rank).toBe(4);
  });
});
