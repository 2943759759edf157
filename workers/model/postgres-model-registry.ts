/** The model registry in Postgres (`models`, shared/db/schema.ts). */
import { desc, eq } from "drizzle-orm";
import type { Database } from "../../infra/db/connect-database.ts";
import { models } from "../../shared/db/schema.ts";
import { type ModelRegistry, PRODUCTION, type RegistryEntry } from "./model-registry.ts";

const columns = { version: models.version, artifactPath: models.artifactPath, status: models.status };

/** A registry over `database`; several production rows (mid-release) resolve to the one promoted last. */
export function createPostgresModelRegistry(database: Database): ModelRegistry {
  return {
    async resolve(selector): Promise<RegistryEntry | null> {
      const rows = selector === PRODUCTION
        ? await database.db.select(columns).from(models).where(eq(models.status, "production"))
          .orderBy(desc(models.statusChangedAt), desc(models.version)).limit(1)
        : await database.db.select(columns).from(models).where(eq(models.version, selector)).limit(1);
      return rows[0] ?? null;
    },
  };
}
