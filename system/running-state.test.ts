import { afterAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SystemState } from "../infra/process/system-state.ts";
import { createRunningState } from "./running-state.ts";

const dir = mkdtempSync(join(tmpdir(), "running-state-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = { pid: process.pid, startedAt: "2024-01-01T00:00:00.000Z", databaseUrl: "postgres://db", kafkaTopic: "movielog", routerPort: 8082 };

test("createRunningState() writes nothing before publish, then keeps pids and brokers current in the file", () => {
  const path = join(dir, "system.json");
  const state = createRunningState(path);
  state.setProcess("database", 101);
  state.setKafkaBrokers(["127.0.0.1:40001"]);
  expect(existsSync(path)).toBe(false);
  state.publish(base);
  const read = () => SystemState.parse(JSON.parse(readFileSync(path, "utf8")));
  expect(read()).toEqual({ ...base, kafkaBrokers: ["127.0.0.1:40001"], processes: { database: 101 } });
  state.setProcess("database", 202);
  state.setProcess("router-1", 303);
  state.setKafkaBrokers(["127.0.0.1:40002"]);
  expect(read().processes).toEqual({ database: 202, "router-1": 303 });
  expect(read().kafkaBrokers).toEqual(["127.0.0.1:40002"]);
});

test("createRunningState() removes the file on clear and writes no more after it", () => {
  const path = join(dir, "cleared.json");
  const state = createRunningState(path);
  state.publish(base);
  state.clear();
  state.setProcess("kafka", 404);
  expect(existsSync(path)).toBe(false);
});
