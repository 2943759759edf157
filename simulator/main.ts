/**
 * `bun simulator/main.ts`: the seeded stand-in for the streaming site. Without
 * flags it serves the user/movie API (SIMULATOR_API_PORT), sends users to the
 * recommendation service (SIMULATOR_TARGET) and writes their movielog lines to
 * KAFKA_TOPIC until SIGINT/SIGTERM or SIMULATOR_DURATION_S. `--warmup <n>`
 * writes n lines of organic history ending now and exits (`--to-file <path>`
 * writes them to a file instead of Kafka). With KAFKA_BROKERS_FILE its producer reads the
 * brokers from that file on every reconnect, so it finds a restarted embedded Kafka; lines
 * it could not write within a stop's 2 s are dropped (the stream is a simulation).
 */
import { z } from "zod";
import { runMain, usageError } from "../infra/cli/command.ts";
import { createShutdown } from "../infra/process/on-shutdown.ts";
import { createKafka } from "../infra/kafka/create-kafka.ts";
import { readKafkaSasl } from "../infra/kafka/read-kafka-sasl.ts";
import { ensureKafka } from "../infra/kafka/ensure-kafka.ts";
import { logUncaughtErrors } from "../infra/log/log-uncaught.ts";
import { createLogger, errorMessage } from "../infra/log/logger.ts";
import { createProgress } from "../infra/terminal/progress.ts";
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

const log = createLogger("simulator");
logUncaughtErrors(log);

const command = {
  name: "bun run simulate",
  summary: "The seeded stand-in for the streaming site: its user/movie API, its users' requests and their movielog lines.",
  usage: ["[--warmup <lines> [--to-file <path>]]"],
  examples: ["bun run simulate", "bun run simulate --warmup 20000 --to-file warmup.log"],
  flags: {
    warmup: z.string().regex(/^\d+$/, "needs a line count").optional().describe("write this many lines of organic history ending now, then exit"),
    "to-file": z.string().min(1).optional().describe("with --warmup: write to this file instead of Kafka"),
  },
  notes: ["Configured by the environment (simulator/config.ts); live runs go until SIGINT/SIGTERM or SIMULATOR_DURATION_S."],
} as const;

async function openSink(config: SimulatorConfig, file: string | undefined): Promise<{ sink: LineSink; stop(): Promise<void> }> {
  if (file) return { sink: createFileLineSink(file), stop: async () => {} };
  const kafka = await ensureKafka(config, config.KAFKA_TOPIC);
  if (kafka.embedded) log.info("started the embedded Kafka peer (librdkafka mock cluster)", { brokers: kafka.described });
  const sink = await createKafkaLineSink(createKafka(kafka.brokers, `${config.KAFKA_CLIENT_ID}-simulator`, log, readKafkaSasl(config)), config.KAFKA_TOPIC);
  return { sink, stop: () => kafka.stop() };
}

async function warmup(config: SimulatorConfig, count: number, file: string | undefined) {
  const world = createWorld(config.SIMULATOR_SEED, { users: config.SIMULATOR_USERS, movies: config.SIMULATOR_MOVIES });
  const { sink, stop } = await openSink(config, file);
  let batch: EmittedLine[] = [];
  let written = 0;
  // A bar on a terminal; JSON log lines otherwise, which `npm start` draws as its own bar.
  const progress = createProgress({ label: "warm-up", total: count, unit: "lines" }, { log });
  try {
    for (const line of warmupLines({ world, seed: config.SIMULATOR_SEED, lines: count, end: Date.now(), faults: config.SIMULATOR_FAULTS })) {
      batch.push(line);
      if (batch.length >= 5000) {
        await sink.write(batch);
        written += batch.length;
        progress.tick(batch.length);
        batch = [];
      }
    }
    await sink.write(batch);
    written += batch.length;
    progress.tick(batch.length);
  } finally {
    progress.done();
  }
  await sink.close();
  await stop();
  console.log(JSON.stringify({ lines: written, target: file ?? config.KAFKA_TOPIC }));
}

async function live(config: SimulatorConfig) {
  const world = createWorld(config.SIMULATOR_SEED, { users: config.SIMULATOR_USERS, movies: config.SIMULATOR_MOVIES });
  const api = startProfileServer(world, config.SIMULATOR_API_PORT, config.SIMULATOR_API_HOST);
  const { sink, stop: stopKafka } = await openSink(config, undefined);
  const client = createRouterClient(config.SIMULATOR_TARGET);
  const simStart = Date.now();
  const engine = createSimulation({ world, seed: config.SIMULATOR_SEED, start: simStart, server: client.server, faults: config.SIMULATOR_FAULTS });
  const run = startLiveRun({ engine, client, sink, ratePerSecond: config.SIMULATOR_RATE, speed: config.SIMULATOR_SPEED, simStart, realNow: () => performance.now(), log });
  log.info("simulating", { apiHost: config.SIMULATOR_API_HOST, apiPort: api.port, target: config.SIMULATOR_TARGET, topic: config.KAFKA_TOPIC, faults: [...config.SIMULATOR_FAULTS], shillingTarget: engine.shillingTarget });
  const report = () => log.info("progress", { ...conversionSummary(engine.stats()), ...run.counts() });
  const progress = setInterval(report, 10_000);
  // Stopped in reverse: the progress log and the run first, then the producer, the API and Kafka.
  // Bounded: with Kafka down, the lines still queued would wait for the producer's retries.
  const shutdown = createShutdown({
    onStart: (reason) => log.info("stopping", { reason }),
    onStepError: (step, error) => log.warn(`${step} stop failed`, { error: errorMessage(error) }),
    onTimeout: (step) => log.warn("stop timed out; exiting without the lines still queued", { step }),
    timeoutMs: 2000,
  });
  shutdown.add("kafka", stopKafka);
  shutdown.add("user api", () => api.stop());
  shutdown.add("producer", () => sink.close().catch((e) => log.warn("producer disconnect failed", { error: errorMessage(e) })));
  shutdown.add("run", async () => {
    await run.stop();
    report();
  });
  shutdown.add("progress log", () => clearInterval(progress));
  if (config.SIMULATOR_DURATION_S) setTimeout(() => void shutdown.stop("duration reached"), config.SIMULATOR_DURATION_S * 1000);
}

await runMain(command, async (args) => {
  if (args["to-file"] && args.warmup === undefined) throw usageError(command, "--to-file goes with --warmup");
  const config = loadSimulatorConfig(process.env);
  if (args.warmup !== undefined) {
    await warmup(config, Number(args.warmup), args["to-file"]);
    return "ok" as const;
  }
  await live(config);
  return "running" as const;
}, (error) => log.error("simulator failed", { error: errorMessage(error) }));
