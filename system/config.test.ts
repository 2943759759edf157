import { expect, test } from "bun:test";
import { loadSystemConfig } from "./config.ts";

test("loadSystemConfig() runs two routers with metrics on 9465 and 9466 by default, beside ingestion's 9464", () => {
  const config = loadSystemConfig({});
  expect(config.ROUTER_METRICS_PORTS).toEqual([9465, 9466]);
  expect(config.WORKER_PORTS).toEqual([8091, 8092]);
});

test("loadSystemConfig() reads one router per listed metrics port", () => {
  expect(loadSystemConfig({ ROUTER_METRICS_PORTS: "9601,9602,9603" }).ROUTER_METRICS_PORTS).toEqual([9601, 9602, 9603]);
});

test("loadSystemConfig() refuses a port list that is not one and a port used twice, naming the variable", () => {
  expect(() => loadSystemConfig({ ROUTER_METRICS_PORTS: "9465;9466" })).toThrow("ROUTER_METRICS_PORTS=\"9465;9466\": must be a comma-separated list of ports");
  expect(() => loadSystemConfig({ ROUTER_METRICS_PORTS: "70000" })).toThrow("ROUTER_METRICS_PORTS");
  expect(() => loadSystemConfig({ ROUTER_METRICS_PORTS: "8091,9466" })).toThrow("ports must all differ");
});
