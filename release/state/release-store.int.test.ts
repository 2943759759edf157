import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { ModelManifest } from "../../shared/model/manifest.ts";
import { sampleManifest } from "../../shared/model/testing/sample-manifest.ts";
import { registerModel, promoteModel } from "../../registry/model-registry.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database.ts";
import { defaultCanaryPolicy } from "../policy/canary-policy.ts";
import { nextReleaseState } from "./next-release-state.ts";
import { findActiveRelease, findRelease } from "../../read-models/read-releases.ts";
import { saveReleaseState, startRelease } from "./release-store.ts";
import type { ReleaseState } from "../../shared/release/release-state.ts";

let testDb: TestDatabase;
let database: Database;
const policy = defaultCanaryPolicy();
const T0 = 1_700_000_000_000;

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url);
  for (const version of ["m1", "m2", "m3"]) {
    await registerModel(database.sql, ModelManifest.parse({ ...sampleManifest, version, metrics: {} }), `/artifacts/${version}`);
  }
  await promoteModel(database.sql, "m1");
});
afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

async function started(version: string): Promise<ReleaseState> {
  const result = await startRelease(database.sql, version);
  if (!result.ok) throw new Error(result.message);
  return result.state;
}

describe("release store", () => {
  test("startRelease() refuses a model the registry does not know", async () => {
    expect(await startRelease(database.sql, "nope")).toEqual({ ok: false, error: "unknown_model", message: 'no model "nope" in the registry' });
  });

  test("one release at a time: a second start is refused while one is active and allowed after it ends", async () => {
    const first = await started("m2");
    expect(first).toMatchObject({ modelVersion: "m2", previousVersion: "m1", phase: "pending", history: [] });
    expect(await findActiveRelease(database.sql)).toEqual(first);

    const refused = await startRelease(database.sql, "m3");
    expect(refused).toEqual({ ok: false, error: "release_active", active: first, message: `release ${first.id} of model m2 is pending; one release at a time` });

    const preflight = nextReleaseState(first, { type: "preflight_started", at: T0 }, policy).state;
    const aborted = nextReleaseState(preflight, { type: "preflight_failed", at: T0 + 1, reasons: ["rejected"] }, policy).state;
    expect(await saveReleaseState(database.sql, preflight, first)).toEqual({ ok: true });
    expect(await saveReleaseState(database.sql, aborted, preflight)).toEqual({ ok: true });
    expect(await findActiveRelease(database.sql)).toBeNull();

    const second = await started("m3");
    expect(second.id).toBeGreaterThan(first.id);
    expect((await findRelease(database.sql, first.id))?.phase).toBe("aborted");
  });

  test("the lock holds against concurrent starts", async () => {
    const active = await findActiveRelease(database.sql);
    if (active) {
      const rolling = { ...active, phase: "aborted" as const, history: [...active.history, { at: T0, event: "test", from: active.phase, to: "aborted" as const, step: 0, detail: "cleanup", evidence: null }] };
      expect(await saveReleaseState(database.sql, rolling, active)).toEqual({ ok: true });
    }
    const results = await Promise.all([startRelease(database.sql, "m2"), startRelease(database.sql, "m3"), startRelease(database.sql, "m2")]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual(["release_active", "release_active"]);
  });

  test("saveReleaseState() round-trips the state and refuses a save from a stale state", async () => {
    const start = (await findActiveRelease(database.sql))!;
    let state = nextReleaseState(start, { type: "preflight_started", at: T0 }, policy).state;
    state = nextReleaseState(state, { type: "preflight_passed", at: T0 + 5, evidence: { ndcg: 0.31 } }, policy).state;
    expect(await saveReleaseState(database.sql, state, start)).toEqual({ ok: true });
    expect(await findRelease(database.sql, start.id)).toEqual(state);

    const restarted = nextReleaseState(state, { type: "supervisor_restarted", at: T0 + 10 }, policy).state;
    const stale = await saveReleaseState(database.sql, restarted, start);
    expect(stale).toEqual({ ok: false, error: "stale", message: `release ${start.id} expected pending with 0 decisions, found canary with 2 decisions` });
    expect(await findRelease(database.sql, start.id)).toEqual(state);
    expect(await findRelease(database.sql, 999_999)).toBeNull();
  });
});
