/**
 * Releases driven by the release supervisor (release/state). The partial unique
 * index is the one-release-at-a-time lock: at most one row may be in a phase that
 * is not terminal, so two supervisors cannot both start a release.
 */
import { sql } from "drizzle-orm";
import { bigserial, check, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

const time = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: "date" });

/** One row per release; `state` is the whole ReleaseState, `phase` mirrors it for the lock and queries. */
export const releases = pgTable("releases", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  modelVersion: text("model_version").notNull(),
  previousVersion: text("previous_version"),
  phase: text("phase").notNull(),
  state: jsonb("state").$type<Record<string, unknown>>().notNull(),
  createdAt: time("created_at").notNull().default(sql`now()`),
  updatedAt: time("updated_at").notNull().default(sql`now()`),
}, (t) => [
  check("releases_phase", sql`${t.phase} in ('pending', 'preflight', 'canary', 'promoting', 'promoted', 'rolling_back', 'rolled_back', 'aborted')`),
  uniqueIndex("releases_one_active").on(sql`(true)`).where(sql`${t.phase} not in ('promoted', 'rolled_back', 'aborted')`),
  index("releases_created_at_idx").on(t.createdAt),
]);
