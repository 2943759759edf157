import { expect, test } from "bun:test";
import { configuredBrokers } from "./ensure-kafka.ts";

test("configuredBrokers() prefers KAFKA_BROKERS_FILE, read on every call, to KAFKA_BROKERS", async () => {
  const configured = configuredBrokers({ KAFKA_BROKERS_FILE: "/nowhere/kafka-brokers", KAFKA_BROKERS: ["kafka:9092"] });
  expect(configured?.described).toBe("the brokers in /nowhere/kafka-brokers");
  expect(typeof configured?.brokers).toBe("function");
  await expect((configured!.brokers as () => Promise<string[]>)()).rejects.toThrow("KAFKA_BROKERS_FILE=/nowhere/kafka-brokers cannot be read");
});

test("configuredBrokers() gives the fixed list of KAFKA_BROKERS, and null when neither is set (the embedded Kafka)", () => {
  expect(configuredBrokers({ KAFKA_BROKERS: ["kafka:9092", "kafka:9093"] })).toEqual({ brokers: ["kafka:9092", "kafka:9093"], described: "kafka:9092,kafka:9093" });
  expect(configuredBrokers({})).toBeNull();
});
