/**
 * The embedded Kafka as a supervised child: librdkafka's mock cluster through kcat,
 * restarted when it dies. Each start binds new random ports (librdkafka 2.0 has no
 * setting for them), so every ready run writes its brokers to KAFKA_BROKERS_FILE, where
 * the clients look on reconnect. A new cluster never takes the address a dead one had:
 * ingestion keys its position by cluster and tells clusters apart by their address
 * (ingest/main.ts), so a run that lands on an old address is killed and started again.
 * Messages inside a dead cluster die with it; a restarted one starts empty.
 */
import type { Logger } from "../infra/log/logger.ts";
import { writeBrokersFile } from "../infra/kafka/kafka-brokers-file.ts";
import { mockClusterCommand, parseMockBootstrap } from "../infra/kafka/mock-cluster.ts";
import { type SupervisedProcess, superviseProcess } from "./supervise-process.ts";

export type EmbeddedKafkaOptions = {
  readonly topic: string;
  /** KAFKA_BROKERS_FILE: rewritten by every run once it is up. */
  readonly brokersFile: string;
  readonly cwd: string;
  readonly log: Logger;
  /** Called with the brokers of every run once it is up (after the file is written). */
  readonly onBrokers: (brokers: string[]) => void;
  readonly onLine: (line: string) => void;
  readonly onSpawn: (pid: number) => void;
};

/** Starts the mock cluster under supervision; `ready()` resolves once the first run's brokers are in the file. */
export function superviseEmbeddedKafka(options: EmbeddedKafkaOptions): SupervisedProcess {
  const { command, args } = mockClusterCommand(options.topic);
  const usedAddresses = new Set<string>();
  return superviseProcess({
    name: "kafka",
    command,
    args,
    env: { ...process.env },
    cwd: options.cwd,
    holdStdin: true,
    readyTimeoutMs: 15_000,
    onLine: options.onLine,
    onSpawn: options.onSpawn,
    ready: (run) =>
      new Promise<void>((resolve, reject) => {
        run.onLine((line) => {
          const brokers = parseMockBootstrap(line);
          if (brokers === null) return;
          const reused = brokers.find((broker) => usedAddresses.has(broker));
          if (reused) {
            reject(new Error(`the new cluster took ${reused}, the address of an earlier one`));
            return;
          }
          for (const broker of brokers) usedAddresses.add(broker);
          writeBrokersFile(options.brokersFile, brokers);
          options.onBrokers(brokers);
          resolve();
        });
      }),
  }, options.log);
}
