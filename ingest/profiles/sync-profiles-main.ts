/**
 * `bun ingest/profiles/sync-profiles-main.ts [--limit N] [--json]`: fetches the profiles
 * (age, gender, occupation) of the event store's users from the user API at USER_API_URL
 * into user_profiles, for attribute targeting in the rules. Users without a stored answer
 * come first, then answers older than PROFILE_MAX_AGE_HOURS. An answer out of bounds, over
 * 64 KiB or refused by the database is recorded with a reason and the run goes on; only an
 * unavailable database fails it. Exits 1 when the API could not be reached, 2 on bad arguments.
 */
import { z } from "zod";
import { runMain } from "../../infra/cli/command.ts";
import { withDatabase } from "../../infra/db/with-database.ts";
import { loadProfilesConfig } from "./config.ts";
import { syncProfiles } from "./sync-profiles.ts";

const command = {
  name: "bun run profiles:sync",
  summary: "Fetches the event store's users' profiles from the user API (USER_API_URL) into user_profiles.",
  usage: ["[--limit N] [--json]"],
  examples: ["bun run profiles:sync --limit 100 --json"],
  flags: { limit: z.coerce.number().int().min(1, "must be a positive integer").optional().describe("ask for at most N users") },
  json: true,
  notes: ["exit 0: synced; 1: the user API could not be reached (the run stopped early); 2: bad arguments"],
} as const;

await runMain(command, async (args) => {
  const config = loadProfilesConfig(process.env);
  return await withDatabase(config, "sync-profiles", async (database) => {
    const summary = await syncProfiles(database.sql, {
      apiUrl: config.USER_API_URL,
      fetch,
      now: Date.now,
      maxAgeMs: config.PROFILE_MAX_AGE_HOURS * 3_600_000,
      concurrency: config.PROFILE_CONCURRENCY,
      timeoutMs: config.PROFILE_TIMEOUT_MS,
      limit: args.limit ?? null,
    });
    console.log(
      args.json ? JSON.stringify(summary) : [
        `asked ${summary.asked} users: ${summary.profiles} profiles, ${summary.unknown} unknown, ` +
        `${summary.malformed} malformed, ${summary.refused} refused by the database, ` +
        `${summary.failed} failed (asked again next run)`,
        ...(summary.firstFailure ? [`  first failure: ${summary.firstFailure}`] : []),
        ...(summary.stopped ? [`  stopped early: ${summary.stopped}`] : []),
      ].join("\n"),
    );
    return summary.stopped ? ("incomplete" as const) : ("ok" as const);
  });
});
