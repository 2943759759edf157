/**
 * Makes sure a topic exists before a consumer subscribes to it: kafkajs fails to
 * subscribe to a missing topic, and a reader may start before the first writer.
 */
import type { Kafka } from "kafkajs";
import { errorMessage, type Logger } from "../infra/log/logger.ts";

/** How the topic came to exist. */
export type TopicOrigin = "existed" | "created" | "auto-created";

/**
 * Creates `topic` with the broker's defaults unless it exists. When CreateTopics is
 * refused, asks for the topic's metadata instead, which creates it on brokers that
 * auto-create topics — among them librdkafka's mock cluster, whose metadata names a
 * controller that is not one of its brokers, so kafkajs cannot send it CreateTopics.
 * Throws when neither works, naming the topic.
 */
export async function ensureTopic(kafka: Kafka, topic: string, log: Logger): Promise<TopicOrigin> {
  const admin = kafka.admin({ retry: { retries: 2, initialRetryTime: 200 } });
  await admin.connect();
  try {
    if ((await admin.listTopics()).includes(topic)) return "existed";
    let refusal: string;
    try {
      await admin.createTopics({ topics: [{ topic }], waitForLeaders: true });
      log.info("created topic", { topic });
      return "created";
    } catch (error) {
      // Expected on the embedded mock cluster: said once, below, with the outcome.
      refusal = errorMessage(error);
    }
    try {
      await admin.fetchTopicMetadata({ topics: [topic] });
    } catch (error) {
      throw new Error(`Cannot consume topic '${topic}': it does not exist and could not be created: ${errorMessage(error)}`);
    }
    log.info("created topic through the broker's auto-creation", { topic, createTopicsRefused: refusal });
    return "auto-created";
  } finally {
    await admin.disconnect().catch(() => {});
  }
}
