import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connectDatabase, type Database } from "../infra/db/connect-database.ts";
import { ModelManifest } from "../shared/model/manifest.ts";
import { sampleManifest } from "../shared/model/testing/sample-manifest.ts";
import { createTestDatabase, type TestDatabase } from "../tests/support/test-database.ts";
import { diffManifests } from "./diff-manifests.ts";
import { findModel, findProductionModel, listModels, promoteModel, registerModel, setModelStatus } from "./model-registry.ts";

let testDb: TestDatabase;
let database: Database;
const manifest = (version: string, rmse: number) => ModelManifest.parse({ ...sampleManifest, version, metrics: { rmse } });

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url);
});
afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

describe("model registry", () => {
  test("promoteModel() makes one model production and retires the previous one", async () => {
    await registerModel(database.sql, manifest("m1", 0.95), "/artifacts/m1");
    await registerModel(database.sql, manifest("m2", 0.91), "/artifacts/m2");
    expect(await findProductionModel(database.sql)).toBeNull();
    await promoteModel(database.sql, "m1");
    expect((await findProductionModel(database.sql))?.version).toBe("m1");
    await promoteModel(database.sql, "m2");
    expect((await findProductionModel(database.sql))?.version).toBe("m2");
    expect((await findModel(database.sql, "m1"))?.status).toBe("retired");
    expect((await listModels(database.sql)).map((m) => m.version).sort()).toEqual(["m1", "m2"]);
  });

  test("registerModel() refuses a version registered before", async () => {
    await expect(registerModel(database.sql, manifest("m1", 0.9), "/elsewhere")).rejects.toThrow();
  });

  test("setModelStatus() and promoteModel() name an unknown version in their error", async () => {
    await expect(promoteModel(database.sql, "nope")).rejects.toThrow('no such version');
    await expect(setModelStatus(database.sql, "nope", "rejected")).rejects.toThrow('"nope"');
  });

  test("diffManifests() lists the metrics that changed between two models", async () => {
    const [a, b] = [await findModel(database.sql, "m1"), await findModel(database.sql, "m2")];
    expect(diffManifests(a!.manifest, b!.manifest)).toEqual([{ field: "metrics.rmse", a: 0.95, b: 0.91 }]);
  });
});
