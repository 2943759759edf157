/**
 * The embedded Kafka default: librdkafka's mock cluster, a real Kafka-protocol
 * implementation, started through Debian's kcat. It keeps its data in memory and
 * lives as long as the kcat process, whose stdin we hold open.
 */
import { spawn, spawnSync } from "node:child_process";
import { stopChild } from "../process/stop-child.ts";

export type MockKafkaCluster = { readonly brokers: string[]; stop(): Promise<void> };

/** True when the kcat binary is on PATH. */
export function hasKcat(): boolean {
  return spawnSync("kcat", ["-V"], { stdio: "ignore" }).status === 0;
}

/** Starts a one-broker mock cluster and resolves with its bootstrap address once it is up. */
export async function startMockKafkaCluster(options: { topic?: string; timeoutMs?: number } = {}): Promise<MockKafkaCluster> {
  if (!hasKcat()) {
    throw new Error("kcat is not installed: the embedded Kafka peer needs Debian's kcat (apt-get install kcat)");
  }
  const child = spawn("kcat", [
    "-P", "-b", "localhost:1", "-t", options.topic ?? "movielog",
    "-X", "test.mock.num.brokers=1", "-X", "debug=mock",
  ], { stdio: ["pipe", "ignore", "pipe"] });
  let log = "";
  const brokers = await new Promise<string[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kcat mock cluster did not start:\n${log.slice(-2000)}`)), options.timeoutMs ?? 15_000);
    child.stderr!.on("data", (chunk: Buffer) => {
      if (log.length < 100_000) log += chunk.toString();
      const match = log.match(/bootstrap\.servers=([0-9.:,]+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].split(","));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`kcat exited with ${code} before the mock cluster started:\n${log.slice(-2000)}`));
    });
  });
  // Keep draining stderr (debug=mock is chatty) so the pipe never blocks kcat.
  child.stderr!.removeAllListeners("data");
  child.stderr!.resume();
  return { brokers, stop: () => stopChild(child, 3000) };
}
