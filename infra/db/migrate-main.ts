/** `bun run db:migrate`: applies the event-store migrations to DATABASE_URL or the embedded database. */
import { runMain } from "../cli/command.ts";
import { DatabaseEnv } from "../../shared/config/env-fields.ts";
import { parseEnv } from "../../shared/config/parse-env.ts";
import { ensureDatabase } from "./ensure-database.ts";
import { migrateDatabase } from "./migrate-database.ts";

const command = {
  name: "bun run db:migrate",
  summary: "Applies the checked-in migrations (shared/db/migrations) to DATABASE_URL, or to the embedded database.",
  usage: [""],
  examples: ["DATABASE_URL=postgres://app@db/app bun run db:migrate"],
  flags: {},
} as const;

await runMain(command, async () => {
  const env = parseEnv(DatabaseEnv, process.env);
  const database = await ensureDatabase(env, (line) => console.error(line));
  try {
    await migrateDatabase(database.url);
    console.error(`migrations applied to ${database.url.replace(/\/\/[^@]*@/, "//")}`);
  } finally {
    await database.stop();
  }
  return "ok" as const;
});
