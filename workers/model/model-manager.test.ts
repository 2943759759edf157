import { describe, expect, test } from "bun:test";
import { CIRCLE, tinyServingModel } from "../scoring/testing/tiny-serving-model.ts";
import type { LoadResult } from "./load-serving-model.ts";
import { createModelManager } from "./model-manager.ts";

const model = (version: string) => tinyServingModel({ ...CIRCLE, version });
/** A fake loader: paths "good-<version>" load that version, anything else is refused. */
const fakeLoad = (path: string): Promise<LoadResult> =>
  Promise.resolve(path.startsWith("good-") ? { ok: true, model: model(path.slice(5)) } : { ok: false, reason: `artifact ${path}: broken` });

describe("createModelManager", () => {
  test("loadPath() swaps in a good model and reports the previous version", async () => {
    const manager = createModelManager({ load: fakeLoad, registry: null });
    expect(await manager.loadPath("good-v1")).toEqual({ ok: true, version: "v1", previousVersion: null });
    expect(await manager.loadPath("good-v2")).toEqual({ ok: true, version: "v2", previousVersion: "v1" });
    expect(manager.current()?.version).toBe("v2");
  });

  test("loadPath() tells onSwap the directory the new model came from", async () => {
    const swaps: string[] = [];
    const manager = createModelManager({ load: fakeLoad, registry: null, onSwap: (next, previous, path) => swaps.push(`${previous?.version ?? "none"}->${next.version} from ${path}`) });
    await manager.loadPath("good-v1");
    await manager.loadPath("bad");
    await manager.loadPath("good-v2");
    expect(swaps).toEqual(["none->v1 from good-v1", "v1->v2 from good-v2"]);
  });

  test("loadPath() keeps the current model when the new artifact is refused", async () => {
    const rejected: string[] = [];
    const manager = createModelManager({ load: fakeLoad, registry: null, onReject: (r) => rejected.push(r) });
    await manager.loadPath("good-v1");
    expect(await manager.loadPath("bad")).toEqual({ ok: false, kind: "rejected", reason: "artifact bad: broken" });
    expect(await manager.loadPath("good-v2", "v3")).toEqual({ ok: false, kind: "rejected", reason: "artifact good-v2 holds version v2, the registry says v3" });
    expect(manager.current()?.version).toBe("v1");
    expect(rejected).toHaveLength(2);
  });

  test("loadPath() runs loads one at a time, in the order asked", async () => {
    const events: string[] = [];
    const slowLoad = async (path: string): Promise<LoadResult> => {
      events.push(`start ${path}`);
      await Bun.sleep(path === "good-v1" ? 30 : 1);
      events.push(`end ${path}`);
      return fakeLoad(path);
    };
    const manager = createModelManager({ load: slowLoad, registry: null });
    await Promise.all([manager.loadPath("good-v1"), manager.loadPath("good-v2")]);
    expect(events).toEqual(["start good-v1", "end good-v1", "start good-v2", "end good-v2"]);
    expect(manager.current()?.version).toBe("v2");
  });

  test("loadVersion() resolves the version in the registry, and says when it is unknown or unreachable", async () => {
    const rows: Record<string, string> = { v7: "good-v7", production: "good-v7" };
    let reachable = true;
    const registry = {
      resolve: (selector: string) =>
        reachable
          ? Promise.resolve(rows[selector] ? { version: "v7", artifactPath: rows[selector], status: "production" } : null)
          : Promise.reject(new Error("connection refused")),
    };
    const manager = createModelManager({ load: fakeLoad, registry });
    expect(await manager.loadVersion("v7")).toEqual({ ok: true, version: "v7", previousVersion: null });
    expect(await manager.loadVersion("v8")).toEqual({ ok: false, kind: "not_found", reason: "model v8 is not in the registry" });
    reachable = false;
    expect(await manager.loadVersion("v7")).toEqual({ ok: false, kind: "unavailable", reason: "model registry unreachable: connection refused" });
    expect(await createModelManager({ load: fakeLoad, registry: null }).loadVersion("v7")).toMatchObject({ ok: false, kind: "unavailable" });
  });
});
