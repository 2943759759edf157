/**
 * `bun ingest/profiles/sync-profiles-main.ts [--limit N] [--json]`: fetches the profiles
 * (age, gender, occupation) of the event store's users from the user API at USER_API_URL
 * into user_profiles, for attribute targeting in the rules. Users without a stored answer
 * come first, then answers older than PROFILE_MAX_AGE_HOURS. An answer out of bounds, over
 * 64 KiB or refused by the database is recorded with a reason and the run goes on; only an
 * unavailable database fails it. Exits 1 when the API could not be reached, 2 on bad arguments.
 */
import { parseArgs } from "node:util";
import { withDatabase } from "../../infra/db/with-database.ts";
import { errorMessage } from "../../infra/log/logger.ts";
import { loadProfilesConfig } from "./config.ts";
import { syncProfiles } from "./sync-profiles.ts";

const USAGE = "usage: bun ingest/profiles/sync-profiles-main.ts [--limit N] [--json]";

function parseCli(): { limit: number | null; json: boolean } {
  try {
    const { values } = parseArgs({
      args: process.argv.slice(2),
      options: { limit: { type: "string" }, json: { type: "boolean" } },
      strict: true,
    });
    const limit = values.limit === undefined ? null : Number(values.limit);
    if (limit !== null && !(Number.isInteger(limit) && limit >= 1)) {
      throw new Error(`--limit must be a positive integer: current value is ${JSON.stringify(values.limit)}`);
    }
    return { limit, json: values.json ?? false };
  } catch (error) {
    console.error(`${errorMessage(error)}\n${USAGE}`);
    process.exit(2);
  }
}

const args = parseCli();
const config = loadProfilesConfig(process.env);
const code = await withDatabase(config, "sync-profiles", async (database) => {
  const summary = await syncProfiles(database.sql, {
    apiUrl: config.USER_API_URL,
    fetch,
    now: Date.now,
    maxAgeMs: config.PROFILE_MAX_AGE_HOURS * 3_600_000,
    concurrency: config.PROFILE_CONCURRENCY,
    timeoutMs: config.PROFILE_TIMEOUT_MS,
    limit: args.limit,
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
  return summary.stopped ? 1 : 0;
});
process.exit(code);
