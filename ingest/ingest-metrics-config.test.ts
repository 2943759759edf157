import { expect, test } from "bun:test";
import { loadIngestConfig } from "./config.ts";

test("loadIngestConfig() serves ingestion metrics on port 9464 by default", () => {
  expect(loadIngestConfig({}).INGEST_METRICS_PORT).toBe(9464);
});

test("loadIngestConfig() accepts `off` and a port number for INGEST_METRICS_PORT", () => {
  expect(loadIngestConfig({ INGEST_METRICS_PORT: "off" }).INGEST_METRICS_PORT).toBe("off");
  expect(loadIngestConfig({ INGEST_METRICS_PORT: "9500" }).INGEST_METRICS_PORT).toBe(9500);
});

test("loadIngestConfig() refuses a malformed INGEST_METRICS_PORT, naming the variable", () => {
  expect(() => loadIngestConfig({ INGEST_METRICS_PORT: "70000" })).toThrow('INGEST_METRICS_PORT="70000"');
  expect(() => loadIngestConfig({ INGEST_METRICS_PORT: "no" })).toThrow('INGEST_METRICS_PORT="no"');
});

test("loadIngestConfig() judges conversion within 10 minutes by default and accepts another window", () => {
  expect(loadIngestConfig({}).INGEST_CONVERSION_WINDOW_MS).toBe(600_000);
  expect(loadIngestConfig({ INGEST_CONVERSION_WINDOW_MS: "1800000" }).INGEST_CONVERSION_WINDOW_MS).toBe(1_800_000);
});

test("loadIngestConfig() refuses a malformed INGEST_CONVERSION_WINDOW_MS, naming the variable", () => {
  expect(() => loadIngestConfig({ INGEST_CONVERSION_WINDOW_MS: "10m" })).toThrow('INGEST_CONVERSION_WINDOW_MS="10m"');
  expect(() => loadIngestConfig({ INGEST_CONVERSION_WINDOW_MS: "0" })).toThrow('INGEST_CONVERSION_WINDOW_MS="0"');
});
