import { expect, test } from "bun:test";
import { loadIngestConfig, telemetrySigningKey } from "./config.ts";

test("loadIngestConfig() consumes the telemetry topic by default with its own group", () => {
  const config = loadIngestConfig({});
  expect([config.INGEST_TELEMETRY_TOPIC, config.INGEST_TELEMETRY_GROUP_ID]).toEqual(["telemetry", "telemetry-ingest"]);
});

test("loadIngestConfig() accepts `off` and another valid topic for INGEST_TELEMETRY_TOPIC", () => {
  expect(loadIngestConfig({ INGEST_TELEMETRY_TOPIC: "off" }).INGEST_TELEMETRY_TOPIC).toBe("off");
  expect(loadIngestConfig({ INGEST_TELEMETRY_TOPIC: "telemetry.v1" }).INGEST_TELEMETRY_TOPIC).toBe("telemetry.v1");
});

test("loadIngestConfig() refuses an invalid telemetry topic, naming the variable", () => {
  expect(() => loadIngestConfig({ INGEST_TELEMETRY_TOPIC: "no spaces" })).toThrow('INGEST_TELEMETRY_TOPIC="no spaces"');
});

test("loadIngestConfig() refuses a telemetry group equal to the movielog group", () => {
  expect(() => loadIngestConfig({ INGEST_GROUP_ID: "ingest", INGEST_TELEMETRY_GROUP_ID: "ingest" }))
    .toThrow('INGEST_TELEMETRY_GROUP_ID="ingest": must differ from INGEST_GROUP_ID');
});

const noFiles = (path: string): string => {
  throw new Error(`no file ${path}`);
};

test("telemetrySigningKey() gives the router's key to the telemetry consumer, and none when it is off", () => {
  const key = "0123456789abcdef-key";
  expect(telemetrySigningKey(loadIngestConfig({ TELEMETRY_SIGNING_KEY: key }), noFiles)).toBe(key);
  expect(telemetrySigningKey(loadIngestConfig({ INGEST_TELEMETRY_TOPIC: "off" }), noFiles)).toBeNull();
});

test("telemetrySigningKey() refuses to start the telemetry consumer without a key, naming the variables", () => {
  expect(() => telemetrySigningKey(loadIngestConfig({}), noFiles)).toThrow(
    "Invalid configuration: TELEMETRY_SIGNING_KEY=(unset): telemetry ingestion needs the router's signing key: " +
      "set TELEMETRY_SIGNING_KEY or TELEMETRY_SIGNING_KEY_FILE, or INGEST_TELEMETRY_TOPIC=off",
  );
});
