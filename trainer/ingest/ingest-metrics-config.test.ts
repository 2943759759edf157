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
