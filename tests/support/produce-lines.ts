/** Writes movielog lines to a topic keyed by user, as the streaming site does (one user's lines stay in order). */
import { type Kafka, Partitioners } from "kafkajs";
import type { FixtureLine } from "./movielog-fixture.ts";

/** Produces all lines in order, in chunks; resolves when the broker has acknowledged them. */
export async function produceLines(kafka: Kafka, topic: string, lines: readonly FixtureLine[], chunk = 2000): Promise<void> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    for (let i = 0; i < lines.length; i += chunk) {
      await producer.send({
        topic,
        messages: lines.slice(i, i + chunk).map((l) => ({ key: String(l.userId ?? "unknown"), value: l.line })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}
