/**
 * `bun run gate:offline <train-report.json> | --version <v>`: the offline gate as a
 * build step. Reads the model a training run registered and exits 2, with the
 * reasons, when the gate rejected it; 0 when it passed; 1 when it cannot tell.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { DatabaseEnv } from "../shared/config/env-fields.ts";
import { parseEnv } from "../shared/config/parse-env.ts";
import { connectDatabase } from "../infra/db/connect-database.ts";
import { ensureDatabase } from "../infra/db/ensure-database.ts";
import { errorMessage } from "../infra/log/logger.ts";
import { findModel } from "./model-registry.ts";

const USAGE = "usage: bun run gate:offline <train-report.json> | --version <version>";
const TrainReport = z.object({ version: z.string() });

function versionFromArgs(): string {
  try {
    const { values, positionals } = parseArgs({ args: process.argv.slice(2), options: { version: { type: "string" } }, allowPositionals: true, strict: true });
    if (values.version && positionals.length === 0) return values.version;
    if (!values.version && positionals.length === 1) return TrainReport.parse(JSON.parse(readFileSync(positionals[0], "utf8"))).version;
    throw new Error("give a train report file or --version");
  } catch (error) {
    console.error(`${errorMessage(error)}\n${USAGE}`);
    process.exit(2);
  }
}

const version = versionFromArgs();
const server = await ensureDatabase(parseEnv(DatabaseEnv, process.env), (l) => console.error(l));
const database = connectDatabase(server.url, { applicationName: "gate" });
let code = 1;
try {
  const model = await findModel(database.sql, version);
  if (!model) console.error(`no model ${JSON.stringify(version)} in the registry`);
  else {
    const gate = model.manifest.metrics.gate as { pass?: boolean; reasons?: string[] } | undefined;
    const passed = model.status !== "rejected" && gate?.pass === true;
    console.log(`${version}: offline gate ${passed ? "passed" : `FAILED: ${(gate?.reasons ?? [`status ${model.status}`]).join("; ")}`}`);
    code = passed ? 0 : 2;
  }
} finally {
  await database.close();
  await server.stop();
}
process.exit(code);
