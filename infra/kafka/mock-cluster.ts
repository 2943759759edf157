/**
 * The embedded Kafka default: librdkafka's mock cluster, a real Kafka-protocol
 * implementation, started through Debian's kcat. It keeps its data in memory and
 * lives as long as the kcat process, whose stdin we hold open. librdkafka 2.0 (Debian's)
 * has no setting for the mock brokers' ports: each start binds new random ones and
 * prints them once, which `parseMockBootstrap` reads.
 */
import { spawn, spawnSync } from "node:child_process";
import { stopChild } from "../process/stop-child.ts";

export type MockKafkaCluster = { readonly brokers: string[]; stop(): Promise<void> };

/** True when the kcat binary is on PATH. */
export function hasKcat(): boolean {
  return spawnSync("kcat", ["-V"], { stdio: "ignore" }).status === 0;
}

/** The kcat command line of a one-broker mock cluster; `topic` is where kcat itself would produce (it never does). */
export function mockClusterCommand(topic = "movielog"): { readonly command: string; readonly args: readonly string[] } {
  return { command: "kcat", args: ["-P", "-b", "localhost:1", "-t", topic, "-X", "test.mock.num.brokers=1"] };
}

// librdkafka's notice at start: "Mock cluster enabled: … replaced with 127.0.0.1:40123"
// (with debug=mock also "… bootstrap.servers=127.0.0.1:40123").
const BOOTSTRAP = /(?:replaced with |bootstrap\.servers=)((?:[0-9.]+:\d{1,5})(?:,[0-9.]+:\d{1,5})*)/;

/** The brokers a line of kcat's stderr announces, or null for any other line. */
export function parseMockBootstrap(line: string): string[] | null {
  const match = line.match(BOOTSTRAP);
  return match ? match[1].split(",") : null;
}

/** Starts a one-broker mock cluster and resolves with its bootstrap address once it is up. */
export async function startMockKafkaCluster(options: { topic?: string; timeoutMs?: number } = {}): Promise<MockKafkaCluster> {
  if (!hasKcat()) {
    throw new Error("kcat is not installed: the embedded Kafka peer needs Debian's kcat (apt-get install kcat)");
  }
  const { command, args } = mockClusterCommand(options.topic);
  const child = spawn(command, args, { stdio: ["pipe", "ignore", "pipe"] });
  let log = "";
  const brokers = await new Promise<string[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kcat mock cluster did not start:\n${log.slice(-2000)}`)), options.timeoutMs ?? 15_000);
    child.stderr!.on("data", (chunk: Buffer) => {
      if (log.length < 100_000) log += chunk.toString();
      // Whole lines only: a chunk may end inside the port number.
      const found = log.split("\n").slice(0, -1).map(parseMockBootstrap).find((b) => b !== null);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`kcat exited with ${code} before the mock cluster started:\n${log.slice(-2000)}`));
    });
  });
  // Keep draining stderr so the pipe never blocks kcat.
  child.stderr!.removeAllListeners("data");
  child.stderr!.resume();
  // kcat ignores SIGTERM while its stdin is open, and the cluster's data dies with it anyway: SIGKILL at once.
  return { brokers, stop: () => stopChild(child, 0) };
}
