/**
 * KAFKA_BROKERS_FILE: a file holding the current comma-separated broker list. The
 * embedded Kafka (librdkafka's mock cluster) binds new random ports whenever it is
 * restarted, so `npm start` rewrites this file after every start and its clients read
 * it on every (re)connect instead of holding one address. Written whole (temp file and
 * rename), so a reader sees the old list or the new one, never half of either.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { KafkaBrokers } from "../../shared/config/env-fields.ts";

/** The brokers of a file's text, validated as KAFKA_BROKERS is; throws naming the file and the problem. */
export function parseBrokersFile(path: string, text: string): string[] {
  const parsed = KafkaBrokers.safeParse(text.trim());
  if (!parsed.success || parsed.data === undefined) {
    const reason = parsed.success ? "it is empty" : parsed.error.issues.map((issue) => issue.message).join("; ");
    throw new Error(`KAFKA_BROKERS_FILE=${path} holds no valid broker list (${reason}): ${JSON.stringify(text.slice(0, 200))}`);
  }
  return parsed.data;
}

/** The brokers the file names now; throws naming the file when it is missing or invalid. */
export function readBrokersFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`KAFKA_BROKERS_FILE=${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parseBrokersFile(path, text);
}

/** Replaces the file's list atomically. */
export function writeBrokersFile(path: string, brokers: readonly string[]): void {
  if (brokers.length === 0) throw new Error(`Cannot write KAFKA_BROKERS_FILE=${path}: the broker list is empty`);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, brokers.join(",") + "\n");
  renameSync(temporary, path);
}

/**
 * kafkajs's `brokers` as a function reading the file: kafkajs calls it for every seed
 * connection, at the first connect and again after each failed one, so a client whose
 * broker died finds the restarted one on its next retry.
 */
export function brokersFileSource(path: string): () => Promise<string[]> {
  // A failed read rejects (kafkajs retries it as a connection error).
  return () => new Promise((resolve) => resolve(readBrokersFile(path)));
}

/**
 * Polls the file every `everyMs` and calls `onMove` once with the new list when it names
 * other brokers than `current` (a missing or half-written file is no move: the system is
 * restarting Kafka). Returns the stop.
 */
export function watchBrokersFile(
  path: string,
  current: readonly string[],
  onMove: (brokers: string[]) => void,
  everyMs = 500,
): () => void {
  const known = current.join(",");
  const timer = setInterval(() => {
    let brokers: string[];
    try {
      brokers = readBrokersFile(path);
    } catch {
      return;
    }
    if (brokers.join(",") === known) return;
    clearInterval(timer);
    onMove(brokers);
  }, everyMs);
  return () => clearInterval(timer);
}
