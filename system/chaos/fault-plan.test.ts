import { expect, test } from "bun:test";
import { describeFault, FAULT_NAMES, FaultList, planFaults, processesNeeded, recoveryTargetS } from "./fault-plan.ts";

const settings = { hangMs: 10_000 };

test("planFaults() keeps the order given and runs each fault once", () => {
  expect(planFaults(["kill-kafka", "kill-router", "kill-kafka"], settings).map((f) => f.name)).toEqual(["kill-kafka", "kill-router"]);
});

test("describeFault() kills the database before the router in kill-database-and-router, and both must come back", () => {
  const fault = describeFault("kill-database-and-router", settings);
  expect(fault.actions).toEqual([{ kind: "kill", process: "database" }, { kind: "kill", process: "router-2" }]);
  expect(fault.parts).toEqual([{ kind: "database" }, { kind: "router", process: "router-2" }, { kind: "ingest" }]);
  expect(fault.killsRouter).toBe("router-2");
});

test("describeFault() hangs worker-1 for the planned time and times its recovery from the end of the hang", () => {
  const fault = describeFault("stop-worker-1", { hangMs: 3000 });
  expect(fault.actions).toEqual([{ kind: "hang", process: "worker-1", ms: 3000 }]);
  expect(fault.recoveryFrom).toBe("hang-end");
  expect(fault.killsRouter).toBeNull();
});

test("describeFault() names a router as killed only for the faults that kill one", () => {
  const killing = FAULT_NAMES.filter((name) => describeFault(name, settings).killsRouter !== null);
  expect(killing).toEqual(["kill-router", "kill-database-and-router"]);
});

test("recoveryTargetS() is 30 s for faults that take the database down and 10 s for the others", () => {
  const targets = Object.fromEntries(FAULT_NAMES.map((name) => [name, recoveryTargetS(describeFault(name, settings))]));
  expect(targets).toEqual({
    "kill-router": 10, "kill-worker-1": 10, "kill-worker-2": 10, "kill-ingest": 10, "kill-database": 30,
    "kill-kafka": 10, "kill-release": 10, "kill-database-and-router": 30, "stop-worker-1": 10,
  });
});

test("processesNeeded() lists the pids the faults signal and the processes whose recovery they watch", () => {
  expect(processesNeeded(planFaults(["kill-router", "stop-worker-1", "kill-release"], settings)).sort()).toEqual(["router-1", "worker-1"]);
  expect(processesNeeded(planFaults([...FAULT_NAMES], settings)).sort()).toEqual(["database", "ingest", "kafka", "router-1", "router-2", "worker-1", "worker-2"]);
});

test("FaultList reads a comma-separated list, `all`, and refuses an unknown name naming the choices", () => {
  expect(FaultList.parse("kill-router, kill-worker-1")).toEqual(["kill-router", "kill-worker-1"]);
  expect(FaultList.parse("all")).toEqual([...FAULT_NAMES]);
  const refused = FaultList.safeParse("kill-router,kill-everything");
  expect(refused.success).toBe(false);
  expect(refused.error!.issues[0].message).toStartWith("must be a comma-separated list of kill-router, kill-worker-1");
  expect(refused.error!.issues[0].message).toEndWith('current value is "kill-router,kill-everything"');
  expect(FaultList.safeParse(" , ").success).toBe(false);
});
