/**
 * Owns the model being served and swaps it. A new model is loaded and validated
 * beside the old one; only a good one replaces it, with a single reference
 * assignment, so every request sees one whole model. Requests hold the model they
 * started with; the old one is freed when the last of them lets go. Loads run one
 * at a time, so at most two models are in memory.
 */
import type { ServingModel } from "../scoring/serving-model.ts";
import type { LoadResult } from "./load-serving-model.ts";
import type { ModelRegistry } from "./model-registry.ts";

/** What a load request came to; `kind` lets the HTTP edge pick a status code. */
export type SwapOutcome =
  | { ok: true; version: string; previousVersion: string | null }
  | { ok: false; kind: "rejected" | "not_found" | "unavailable"; reason: string };

export type ModelManager = {
  /** The model serving now, or null before the first successful load. */
  current(): ServingModel | null;
  /** Loads the artifact at `path` and swaps it in; `expectedVersion` guards against a registry row pointing at another model. */
  loadPath(path: string, expectedVersion?: string): Promise<SwapOutcome>;
  /** Resolves `selector` in the registry ("production" or a version) and loads its artifact. */
  loadVersion(selector: string): Promise<SwapOutcome>;
};

export type ModelManagerDeps = {
  load: (path: string) => Promise<LoadResult>;
  registry: ModelRegistry | null;
  /** A model was swapped in; `path` is the artifact directory it was loaded from. */
  onSwap?: (next: ServingModel, previous: ServingModel | null, path: string) => void;
  onReject?: (reason: string) => void;
};

/** A manager with no model yet. */
export function createModelManager(deps: ModelManagerDeps): ModelManager {
  let model: ServingModel | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => {});
    return run;
  };
  const reject = (kind: "rejected" | "not_found" | "unavailable", reason: string): SwapOutcome => {
    if (kind === "rejected") deps.onReject?.(reason);
    return { ok: false, kind, reason };
  };

  const loadPathNow = async (path: string, expectedVersion?: string): Promise<SwapOutcome> => {
    const loaded = await deps.load(path);
    if (!loaded.ok) return reject("rejected", loaded.reason);
    if (expectedVersion !== undefined && loaded.model.version !== expectedVersion) {
      return reject("rejected", `artifact ${path} holds version ${loaded.model.version}, the registry says ${expectedVersion}`);
    }
    const previous = model;
    model = loaded.model; // the swap: one assignment, nothing in between
    deps.onSwap?.(loaded.model, previous, path);
    return { ok: true, version: loaded.model.version, previousVersion: previous?.version ?? null };
  };

  return {
    current: () => model,
    loadPath: (path, expectedVersion) => serially(() => loadPathNow(path, expectedVersion)),
    loadVersion: (selector) =>
      serially(async () => {
        if (!deps.registry) return reject("unavailable", "no model registry configured (set WORKER_MODEL_VERSION or DATABASE_URL)");
        let entry;
        try {
          entry = await deps.registry.resolve(selector);
        } catch (error) {
          return reject("unavailable", `model registry unreachable: ${error instanceof Error ? error.message : error}`);
        }
        if (!entry) return reject("not_found", `model ${selector} is not in the registry`);
        return await loadPathNow(entry.artifactPath, entry.version);
      }),
  };
}
