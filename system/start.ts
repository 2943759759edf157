/**
 * `npm start`: the whole system on embedded defaults, in one command. Starts the
 * database (DATABASE_URL, else embedded PGlite keeping its data in .data/), applies
 * migrations, starts Kafka (KAFKA_BROKERS, else librdkafka's mock cluster), and runs
 * ingestion under supervision. Ctrl-C stops everything it started, in reverse order.
 */
import { join, resolve } from "node:path";
import { ensureDatabase } from "../infra/db/ensure-database.ts";
import { migrateDatabase } from "../infra/db/migrate-database.ts";
import { ensureKafka } from "../infra/kafka/ensure-kafka.ts";
import { createLogger, errorMessage } from "../infra/log/logger.ts";
import { loadSystemConfig } from "./config.ts";
import { superviseProcess, type SupervisedProcess } from "./supervise-process.ts";
import { clearSystemState, readSystemState, writeSystemState } from "./system-state.ts";

const ROOT = join(import.meta.dir, "..");
const BUN = process.execPath;
const log = createLogger("system");

async function main() {
  const config = loadSystemConfig(process.env);
  const stateFile = resolve(ROOT, config.SYSTEM_STATE_FILE);
  const running = readSystemState(stateFile);
  if (running) {
    console.error(`The system is already running (pid ${running.pid}); stop it first.`);
    process.exit(1);
  }
  const stops: (() => Promise<void>)[] = [];
  let stopping = false;
  const shutdown = async (reason: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    console.log(`\nstopping (${reason})…`);
    for (const stop of stops.reverse()) await stop().catch((e) => log.warn("stop failed", { error: errorMessage(e) }));
    clearSystemState(stateFile);
    console.log("stopped.");
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  try {
    step("database");
    const database = await ensureDatabase(config, (l) => log.info(l));
    stops.push(() => database.stop());
    await migrateDatabase(database.url);

    step("kafka");
    const kafka = await ensureKafka(config.KAFKA_BROKERS, config.KAFKA_TOPIC);
    stops.push(() => kafka.stop());

    const childEnv = { ...process.env, DATABASE_URL: database.url, KAFKA_BROKERS: kafka.brokers.join(",") };
    const children: SupervisedProcess[] = [];
    const launch = (name: string, args: string[]) => {
      const child = superviseProcess({ name, command: BUN, args, env: childEnv, cwd: ROOT, onLine: (l) => console.error(`[${name}] ${l}`) }, log);
      children.push(child);
      stops.push(() => child.stop());
    };
    step("ingest");
    launch("ingest", ["trainer/ingest/main.ts"]);

    writeSystemState(stateFile, {
      pid: process.pid, startedAt: new Date().toISOString(), databaseUrl: database.url,
      kafkaBrokers: kafka.brokers, kafkaTopic: config.KAFKA_TOPIC,
    });
    console.log([
      "",
      "The recommendation platform is running:",
      `  database   ${database.url}${config.DATABASE_URL ? "" : `  (embedded PGlite, data in ${config.EMBEDDED_DATABASE_DIR})`}`,
      `  kafka      ${kafka.brokers.join(",")}  topic ${config.KAFKA_TOPIC}${kafka.embedded ? "  (embedded mock cluster)" : ""}`,
      `  ingest     pid ${children[0].pid()}: movielog → event store`,
      "",
      "Try it:",
      `  kcat -P -b ${kafka.brokers[0]} -t ${config.KAFKA_TOPIC} < some-movielog.log   # stream lines in`,
      "  npm run data:quality                                                   # see what arrived",
      "",
      "Ctrl-C stops everything.",
      "ready",
    ].join("\n"));
  } catch (error) {
    log.error("start failed", { error: errorMessage(error) });
    await shutdown("start failed", 1);
  }
}

function step(name: string) {
  console.log(`starting ${name}…`);
}

await main();
