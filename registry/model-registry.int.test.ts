import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connectDatabase, type Database } from "../infra/db/connect-database.ts";
import { ModelManifest } from "../shared/model/manifest.ts";
import { sampleManifest } from "../shared/model/testing/sample-manifest.ts";
import { createTestDatabase, type TestDatabase } from "../tests/support/test-database.ts";
import { diffManifests } from "./diff-manifests.ts";
import {
  findModel, findModelEntry, findProductionModel, findProductionPopular, listModels, PRODUCTION_SELECTOR, promoteModel, registerModel,
  setModelStatus,
} from "./model-registry.ts";

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

  test("listModels() and findModel() give the registration time in whole UTC seconds", async () => {
    await database.sql`update models set created_at = '2024-06-01 01:00:00.987+00' where version = 'm1'`;
    expect((await findModel(database.sql, "m1"))?.createdAt).toBe("2024-06-01T01:00:00Z");
  });

  test("every production read picks the model promoted last, and the greater version when promoted at once", async () => {
    await registerModel(database.sql, { ...manifest("m3", 0.9), popular: ["heat+1995"] }, "/artifacts/m3");
    await database.sql`update models set status = 'production', status_changed_at = '2024-06-01 00:00:00+00' where version in ('m2', 'm3')`;
    const reads = async () => [
      (await findProductionModel(database.sql))?.version,
      (await findModelEntry(database.sql, PRODUCTION_SELECTOR))?.version,
      (await findProductionPopular(database.sql))?.version,
    ];
    expect(await reads()).toEqual(["m3", "m3", "m3"]);
    await database.sql`update models set status_changed_at = '2024-06-01 00:00:01+00' where version = 'm2'`;
    expect(await reads()).toEqual(["m2", "m2", "m2"]);
    expect(await findModelEntry(database.sql, "m3")).toEqual({ version: "m3", artifactPath: "/artifacts/m3", status: "production" });
    expect(await findModelEntry(database.sql, "nope")).toBeNull();
  });

  test("findProductionPopular() returns the stored list unchecked, and null without a production model", async () => {
    await setModelStatus(database.sql, "m2", "retired");
    expect(await findProductionPopular(database.sql)).toEqual({ version: "m3", popular: ["heat+1995"] });
    await setModelStatus(database.sql, "m3", "retired");
    expect(await findProductionPopular(database.sql)).toBeNull();
  });
});
