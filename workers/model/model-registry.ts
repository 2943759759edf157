/** Where the worker learns which artifact a model version lives in: the `models` table, or a fake in tests. */

/** One registry row, as far as serving cares. */
export type RegistryEntry = { version: string; artifactPath: string; status: string };

/** "production" selects the registry's production model; anything else is a version (registry/model-registry.ts). */
export type ModelSelector = string;

/** Reads the registry; throws when the registry cannot be reached. */
export type ModelRegistry = {
  /** The entry `selector` names now, or null when there is none. */
  resolve(selector: ModelSelector): Promise<RegistryEntry | null>;
};
