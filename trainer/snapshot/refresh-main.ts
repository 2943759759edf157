/**
 * `bun run data:refresh [--cutoff <time>] [--json]`: the nightly data refresh —
 * takes a new training snapshot of the event store (events up to now, cleaned,
 * frozen, recorded) so the next training reads fixed data. Prints its id.
 */
import { resolve } from "node:path";
import { runMain } from "../../infra/cli/command.ts";
import { withDatabase } from "../../infra/db/with-database.ts";
import { loadTrainConfig } from "../train/config.ts";
import { createSnapshot } from "./create-snapshot.ts";
import { DEFAULT_CLEANING_RULES } from "./training-rows.ts";

const command = {
  name: "bun run data:refresh",
  summary: "Takes a training snapshot of the event store (events up to --cutoff, default now) and prints its id.",
  usage: ["[--cutoff <time>] [--json]"],
  examples: ["bun run data:refresh --json", "bun run data:refresh --cutoff 2024-06-01T00:00:00Z"],
  flags: {},
  json: true,
  time: ["cutoff"],
} as const;

await runMain(command, async (args, out) => {
  const cutoff = args.cutoff ?? Date.now();
  const config = loadTrainConfig(process.env);
  return await withDatabase(config, "data-refresh", async (database) => {
    const dir = resolve(import.meta.dir, "../..", config.SNAPSHOT_DIR);
    const { meta, path } = await createSnapshot(database.sql, { cutoff, rules: DEFAULT_CLEANING_RULES, dir });
    out.print(
      { ...meta, path },
      `snapshot ${meta.id}: ${meta.rows.watch} watch sessions, ${meta.rows.ratings} ratings; excluded ${JSON.stringify(meta.excluded)}\n  ${path}`,
    );
    return "ok" as const;
  });
});
