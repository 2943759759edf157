/**
 * A worker's start without its registry: serve the artifact it served last, once its
 * manifest still has the sha256 it had then (and, as every load does, each file the sha256
 * the manifest names). A poor answer from yesterday's model beats no answer. A worker
 * pinned to one version (a canary) serves only that version: another would be judged
 * under the pinned version's name.
 */
import { PRODUCTION_SELECTOR } from "../../registry/model-registry.ts";
import type { ModelManager } from "./model-manager.ts";
import type { ServedArtifactMemory } from "./served-artifact-memory.ts";

export type RestoreOutcome =
  | { readonly kind: "none" }
  | { readonly kind: "refused"; readonly reason: string }
  | { readonly kind: "serving"; readonly version: string; readonly artifactPath: string };

export type RestoreDeps = {
  memory: Pick<ServedArtifactMemory, "recall">;
  /** What the worker serves: "production", or the one version it is pinned to. */
  selector: string;
  manager: Pick<ModelManager, "loadPath">;
  /** The artifact's digest now; readArtifactDigest in production. */
  digest(dir: string): Promise<string>;
};

/** Loads the remembered artifact into `manager`; what happened comes back as a value. */
export async function restoreServedArtifact(deps: RestoreDeps): Promise<RestoreOutcome> {
  const recalled = await deps.memory.recall();
  if (recalled.kind === "none") return recalled;
  if (recalled.kind === "unreadable") return { kind: "refused", reason: recalled.reason };
  const { version, artifactPath, manifestSha256 } = recalled.record;
  if (deps.selector !== PRODUCTION_SELECTOR && version !== deps.selector) {
    return { kind: "refused", reason: `remembered artifact ${artifactPath} is model ${version}; this worker serves only ${deps.selector}` };
  }
  let digest: string;
  try {
    digest = await deps.digest(artifactPath);
  } catch (error) {
    return { kind: "refused", reason: `remembered artifact ${artifactPath}: ${error instanceof Error ? error.message : error}` };
  }
  if (digest !== manifestSha256) {
    return { kind: "refused", reason: `remembered artifact ${artifactPath}: manifest sha256 is ${digest}, it was ${manifestSha256} when served` };
  }
  const loaded = await deps.manager.loadPath(artifactPath, version);
  return loaded.ok ? { kind: "serving", version, artifactPath } : { kind: "refused", reason: loaded.reason };
}
