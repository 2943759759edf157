/**
 * `bun run gate:offline <train-report.json> | --version <v>`: the offline gate as a
 * build step. Reads the model a training run registered and exits 2, with the
 * reasons, when the gate rejected it; 0 when it passed; 1 when it cannot tell.
 */
import { z } from "zod";
import { CommandError, runMain, usageError } from "../infra/cli/command.ts";
import { withDatabase } from "../infra/db/with-database.ts";
import { DatabaseEnv } from "../shared/config/env-fields.ts";
import { parseEnv } from "../shared/config/parse-env.ts";
import { findModel } from "./model-registry.ts";
import { readTrainReportVersion } from "./read-train-report-version.ts";

const command = {
  name: "bun run gate:offline",
  summary: "The offline gate's verdict on a registered model, as a build step.",
  usage: ["<train-report.json> | --version <version>"],
  examples: ["bun run gate:offline reports/train.json"],
  flags: { version: z.string().min(1).optional().describe("the model version, instead of a train report file") },
  positionals: z.array(z.string()).max(1, "give a train report file or --version"),
  notes: ["exit 0: passed; 2: the gate rejected the model; 1: it cannot tell (no such model)"],
} as const;

await runMain(command, async (args) => {
  if ((args.version === undefined) === (args.positionals.length === 0)) throw usageError(command, "give a train report file or --version");
  const version = args.version ?? readTrainReportVersion(args.positionals[0]);
  return await withDatabase(parseEnv(DatabaseEnv, process.env), "gate", async (database) => {
    const model = await findModel(database.sql, version);
    if (!model) throw new CommandError("missing", `no model ${JSON.stringify(version)} in the registry`);
    const gate = model.manifest.metrics.gate as { pass?: boolean; reasons?: string[] } | undefined;
    const passed = model.status !== "rejected" && gate?.pass === true;
    console.log(`${version}: offline gate ${passed ? "passed" : `FAILED: ${(gate?.reasons ?? [`status ${model.status}`]).join("; ")}`}`);
    return passed ? ("ok" as const) : ("gate_failed" as const);
  });
});
