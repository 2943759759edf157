import { expect, test } from "bun:test";
import { drillTargets, processIndex, recordedPid } from "./drill-targets.ts";

const processes = { database: 11, kafka: 12, ingest: 13, "worker-1": 14, "worker-2": 15, "router-1": 16, "router-2": 17, simulator: 18 };

test("drillTargets() gives the router port, metrics ports and worker URLs when the state has every pid needed", () => {
  const state = { processes, routerPort: 8082, routerMetricsPorts: [9101, 9102], workerUrls: ["http://127.0.0.1:8091", "http://127.0.0.1:8092"] };
  expect(drillTargets(state, ["router-1", "worker-2"])).toEqual({
    ok: true, targets: { routerPort: 8082, routerMetricsPorts: [9101, 9102], workerUrls: ["http://127.0.0.1:8091", "http://127.0.0.1:8092"] },
  });
});

test("drillTargets() names what an older state file lacks", () => {
  expect(drillTargets({}, ["worker-1"])).toEqual({
    ok: false,
    problems: [
      "the state file records no process ids (`processes`): the running system predates a supervised `npm start`",
      "the state file records no `routerPort`",
      "the state file records no URL for worker-1 (`workerUrls`)",
    ],
  });
  expect(drillTargets({ processes: { "router-1": 5, kafka: 0 }, routerPort: 8082 }, ["router-1", "router-2", "kafka"])).toEqual({
    ok: false, problems: ["the state file records no pid for router-2, kafka"],
  });
});

test("recordedPid() reads a positive integer pid, else null", () => {
  expect(recordedPid({ processes }, "ingest")).toBe(13);
  expect(recordedPid({ processes: { ingest: -1 } }, "ingest")).toBeNull();
  expect(recordedPid(null, "ingest")).toBeNull();
});

test("processIndex() is the 0-based index of a numbered process", () => {
  expect([processIndex("router-1"), processIndex("worker-2")]).toEqual([0, 1]);
});
