/** The worker's registry over Postgres: the registry's own read (registry/model-registry.ts). */
import type { Database } from "../../infra/db/connect-database.ts";
import { findModelEntry } from "../../registry/model-registry.ts";
import type { ModelRegistry } from "./model-registry.ts";

/** A registry over `database`; several production rows (mid-release) resolve as the registry orders them. */
export function createPostgresModelRegistry(database: Pick<Database, "sql">): ModelRegistry {
  return { resolve: (selector) => findModelEntry(database.sql, selector) };
}
