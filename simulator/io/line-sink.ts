/** Where the simulator's lines go: the movielog topic, or a file. */
import { type Kafka, Partitioners } from "kafkajs";
import type { EmittedLine } from "../faults/emitted-line.ts";

/** Accepts batches of lines in order. */
export type LineSink = { write(lines: readonly EmittedLine[]): Promise<void>; close(): Promise<void> };

const CHUNK = 2000;

/** A sink producing to `topic`, keyed by user id as the streaming site does (one user's lines stay in order). */
export async function createKafkaLineSink(kafka: Kafka, topic: string): Promise<LineSink> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  return {
    async write(lines) {
      for (let i = 0; i < lines.length; i += CHUNK) {
        const messages = lines.slice(i, i + CHUNK).map((l) => ({ key: String(l.userId), value: l.line }));
        await producer.send({ topic, messages });
      }
    },
    close: () => producer.disconnect(),
  };
}

/** A sink writing one line per line to `path` (replacing the file). */
export function createFileLineSink(path: string): LineSink {
  const writer = Bun.file(path).writer();
  return {
    async write(lines) {
      for (const l of lines) writer.write(l.line + "\n");
      await writer.flush();
    },
    async close() {
      await writer.end();
    },
  };
}
