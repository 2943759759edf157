/**
 * `bun simulator/main.ts`: the seeded stand-in for the streaming site. Without
 * flags it serves the user/movie API (SIMULATOR_API_PORT), sends users to the
 * recommendation service (SIMULATOR_TARGET) and writes their movielog lines to
 * KAFKA_TOPIC until SIGINT/SIGTERM or SIMULATOR_DURATION_S. `--warmup <n>`
 * writes n lines of organic history ending now and exits (`--to-file <path>`
 * writes them to a file instead of Kafka).
 */
import { parseArgs } from "node:util";
import { createKafka } from "../infra/kafka/create-kafka.ts";
import { readKafkaSasl } from "../infra/kafka/read-kafka-sasl.ts";
import { ensureKafka } from "../infra/kafka/ensure-kafka.ts";
import { createLogger, errorMessage } from "../infra/log/logger.ts";
import { loadSimulatorConfig, type SimulatorConfig } from "./config.ts";
import { createSimulation } from "./engine/create-simulation.ts";
import { conversionSummary } from "./engine/simulation-stats.ts";
import { warmupLines } from "./engine/warmup-lines.ts";
import type { EmittedLine } from "./faults/emitted-line.ts";
import { createFileLineSink, createKafkaLineSink, type LineSink } from "./io/line-sink.ts";
import { startProfileServer } from "./io/profile-api.ts";
import { createRouterClient } from "./io/router-client.ts";
import { startLiveRun } from "./io/run-live.ts";
import { createWorld } from "./world/create-world.ts";

const USAGE = "usage: bun simulator/main.ts [--warmup <lines> [--to-file <path>]]";
const log = createLogger("simulator");

function parseCli(argv: string[]) {
  try {
    const { values } = parseArgs({ args: argv, options: { warmup: { type: "string" }, "to-file": { type: "string" }, help: { type: "boolean" } }, strict: true });
    if (values.warmup !== undefined && !/^\d+$/.test(values.warmup)) throw new Error(`--warmup needs a line count: ${values.warmup}`);
    if (values["to-file"] && values.warmup === undefined) throw new Error("--to-file goes with --warmup");
    return values;
  } catch (error) {
    console.error(`${errorMessage(error)}\n${USAGE}`);
    process.exit(2);
  }
}

async function openSink(config: SimulatorConfig, file: string | undefined): Promise<{ sink: LineSink; stop(): Promise<void> }> {
  if (file) return { sink: createFileLineSink(file), stop: async () => {} };
  const kafka = await ensureKafka(config.KAFKA_BROKERS, config.KAFKA_TOPIC);
  if (kafka.embedded) log.info("started the embedded Kafka peer (librdkafka mock cluster)", { brokers: kafka.brokers });
  const sink = await createKafkaLineSink(createKafka(kafka.brokers, `${config.KAFKA_CLIENT_ID}-simulator`, log, readKafkaSasl(config)), config.KAFKA_TOPIC);
  return { sink, stop: () => kafka.stop() };
}

async function warmup(config: SimulatorConfig, count: number, file: string | undefined) {
  const world = createWorld(config.SIMULATOR_SEED, { users: config.SIMULATOR_USERS, movies: config.SIMULATOR_MOVIES });
  const { sink, stop } = await openSink(config, file);
  let batch: EmittedLine[] = [];
  let written = 0;
  for (const line of warmupLines({ world, seed: config.SIMULATOR_SEED, lines: count, end: Date.now(), faults: config.SIMULATOR_FAULTS })) {
    batch.push(line);
    if (batch.length >= 5000) {
      await sink.write(batch);
      written += batch.length;
      batch = [];
    }
  }
  await sink.write(batch);
  written += batch.length;
  await sink.close();
  await stop();
  console.log(JSON.stringify({ lines: written, target: file ?? config.KAFKA_TOPIC }));
}

async function live(config: SimulatorConfig) {
  const world = createWorld(config.SIMULATOR_SEED, { users: config.SIMULATOR_USERS, movies: config.SIMULATOR_MOVIES });
  const api = startProfileServer(world, config.SIMULATOR_API_PORT);
  const { sink, stop: stopKafka } = await openSink(config, undefined);
  const client = createRouterClient(config.SIMULATOR_TARGET);
  const simStart = Date.now();
  const engine = createSimulation({ world, seed: config.SIMULATOR_SEED, start: simStart, server: client.server, faults: config.SIMULATOR_FAULTS });
  const run = startLiveRun({ engine, client, sink, ratePerSecond: config.SIMULATOR_RATE, speed: config.SIMULATOR_SPEED, simStart, realNow: () => performance.now(), log });
  log.info("simulating", { apiPort: api.port, target: config.SIMULATOR_TARGET, topic: config.KAFKA_TOPIC, faults: [...config.SIMULATOR_FAULTS], shillingTarget: engine.shillingTarget });
  const report = () => log.info("progress", { ...conversionSummary(engine.stats()), ...run.counts() });
  const progress = setInterval(report, 10_000);
  let stopping = false;
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info("stopping", { reason });
    clearInterval(progress);
    await run.stop();
    report();
    await sink.close().catch((e) => log.warn("producer disconnect failed", { error: errorMessage(e) }));
    await api.stop();
    await stopKafka();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  if (config.SIMULATOR_DURATION_S) setTimeout(() => void stop("duration reached"), config.SIMULATOR_DURATION_S * 1000);
}

async function main() {
  const args = parseCli(process.argv.slice(2));
  if (args.help) return void console.log(USAGE);
  const config = loadSimulatorConfig(process.env);
  if (args.warmup !== undefined) return await warmup(config, Number(args.warmup), args["to-file"]);
  await live(config);
}

main().catch((error) => {
  log.error("simulator failed", { error: errorMessage(error) });
  process.exit(1);
});
