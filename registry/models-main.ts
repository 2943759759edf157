/** `bun run models list | show <version> | diff <a> <b> [--json]`: the model registry from a terminal. */
import { parseArgs } from "node:util";
import { DatabaseEnv } from "../shared/config/env-fields.ts";
import { parseEnv } from "../shared/config/parse-env.ts";
import { connectDatabase } from "../infra/db/connect-database.ts";
import { ensureDatabase } from "../infra/db/ensure-database.ts";
import { migrateDatabase } from "../infra/db/migrate-database.ts";
import { errorMessage } from "../infra/log/logger.ts";
import { diffManifests } from "./diff-manifests.ts";
import { findModel, listModels, type RegisteredModel } from "./model-registry.ts";

const USAGE = "usage: bun run models list | show <version> | diff <a> <b>  [--json]";

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

const { values, positionals } = (() => {
  try {
    return parseArgs({ args: process.argv.slice(2), options: { json: { type: "boolean" } }, allowPositionals: true, strict: true });
  } catch (error) {
    return fail(`${errorMessage(error)}\n${USAGE}`, 2);
  }
})();
const [command, ...rest] = positionals;
const arity: Record<string, number> = { list: 0, show: 1, diff: 2 };
if (!command || !(command in arity) || rest.length !== arity[command]) fail(USAGE, 2);

const summary = (m: RegisteredModel) => {
  const metrics = Object.entries(m.manifest.metrics).filter(([, v]) => typeof v === "number").slice(0, 4)
    .map(([k, v]) => `${k}=${(v as number).toFixed(4)}`).join(" ");
  return `${m.version.padEnd(36)} ${m.status.padEnd(10)} ${m.createdAt}  ${m.manifest.algorithm.name} rank=${m.manifest.rank} snapshot=${m.manifest.snapshot.id} ${metrics}`;
};

const server = await ensureDatabase(parseEnv(DatabaseEnv, process.env), (l) => console.error(l));
const database = connectDatabase(server.url, { applicationName: "models-cli" });
try {
  await migrateDatabase(server.url);
  const find = async (version: string) => (await findModel(database.sql, version)) ?? fail(`no model ${JSON.stringify(version)} in the registry`, 1);
  if (command === "list") {
    const models = await listModels(database.sql);
    console.log(values.json ? JSON.stringify(models.map(({ manifest: _, ...m }) => m)) : models.map(summary).join("\n") || "(no models registered)");
  } else if (command === "show") {
    const model = await find(rest[0]);
    console.log(values.json ? JSON.stringify(model) : `${summary(model)}\n${JSON.stringify({ ...model.manifest, itemIds: `(${model.manifest.itemIds.length} ids)` }, null, 2)}`);
  } else {
    const [a, b] = [await find(rest[0]), await find(rest[1])];
    const changes = diffManifests(a.manifest, b.manifest);
    console.log(values.json ? JSON.stringify(changes) : changes.map((c) => `${c.field}: ${JSON.stringify(c.a)} → ${JSON.stringify(c.b)}`).join("\n") || "(no differences)");
  }
} finally {
  await database.close();
  await server.stop();
}
