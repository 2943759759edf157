/** `bun run models list | show <version> | diff <a> <b> [--json]`: the model registry from a terminal. */
import { z } from "zod";
import { CommandError, runMain } from "../infra/cli/command.ts";
import { withDatabase } from "../infra/db/with-database.ts";
import { DatabaseEnv } from "../shared/config/env-fields.ts";
import { parseEnv } from "../shared/config/parse-env.ts";
import { diffManifests } from "./diff-manifests.ts";
import { findModel, listModels, type RegisteredModel } from "./model-registry.ts";

const Positionals = z.union([
  z.tuple([z.literal("list")]),
  z.tuple([z.literal("show"), z.string()]),
  z.tuple([z.literal("diff"), z.string(), z.string()]),
], { error: "give list, show <version> or diff <a> <b>" });

const command = {
  name: "bun run models",
  summary: "The model registry: every registered model, one model's manifest, or what differs between two.",
  usage: ["list | show <version> | diff <a> <b>  [--json]"],
  examples: ["bun run models list", "bun run models diff <version-a> <version-b> --json"],
  flags: {},
  json: true,
  positionals: Positionals,
  notes: ["exit 0: printed; 1: no such model; 2: bad usage"],
} as const;

const summary = (m: RegisteredModel) => {
  const metrics = Object.entries(m.manifest.metrics).filter(([, v]) => typeof v === "number").slice(0, 4)
    .map(([k, v]) => `${k}=${(v as number).toFixed(4)}`).join(" ");
  return `${m.version.padEnd(36)} ${m.status.padEnd(10)} ${m.createdAt}  ${m.manifest.algorithm.name} rank=${m.manifest.rank} snapshot=${m.manifest.snapshot.id} ${metrics}`;
};

await runMain(command, async ({ positionals, json }) => {
  return await withDatabase(parseEnv(DatabaseEnv, process.env), "models-cli", async (database) => {
    const find = async (version: string) =>
      (await findModel(database.sql, version)) ?? (() => {
        throw new CommandError("missing", `no model ${JSON.stringify(version)} in the registry`);
      })();
    if (positionals[0] === "list") {
      const models = await listModels(database.sql);
      console.log(json ? JSON.stringify(models.map(({ manifest: _, ...m }) => m)) : models.map(summary).join("\n") || "(no models registered)");
    } else if (positionals[0] === "show") {
      const model = await find(positionals[1]);
      console.log(json ? JSON.stringify(model) : `${summary(model)}\n${JSON.stringify({ ...model.manifest, itemIds: `(${model.manifest.itemIds.length} ids)` }, null, 2)}`);
    } else {
      const [a, b] = [await find(positionals[1]), await find(positionals[2])];
      const changes = diffManifests(a.manifest, b.manifest);
      console.log(json ? JSON.stringify(changes) : changes.map((c) => `${c.field}: ${JSON.stringify(c.a)} → ${JSON.stringify(c.b)}`).join("\n") || "(no differences)");
    }
    return "ok" as const;
  });
});
