/**
 * One fault of the drill, end to end: find the pids the state file records now, note
 * what the probes need to tell old from new (the killed pids, the Kafka cluster, the
 * connections the load holds to a router about to die), send the signals, time the
 * parts until they serve again, and let the system settle before the next fault.
 */
import { recordedPid } from "./drill-targets.ts";
import type { Fault, SupervisedName } from "./fault-plan.ts";
import type { LoadGenerator } from "./load-generator.ts";
import { awaitRecovery, type FaultTrace, partName, partProbe, recoveredAt as lastBack, type RecoveryContext } from "./part-recovery.ts";
import { type CanaryRunning, resumeRelease, type ReleaseDrillOptions, startCanary } from "./release-drill.ts";
import { connectionsHeldBy, listensOn } from "./socket-owners.ts";
import { withTimeout } from "./with-timeout.ts";

export type FaultRun = {
  readonly fault: Fault;
  /** Monotonic ms: the first signal, the moment recovery is timed from, the last part back (null: not in time), the end of the settle. */
  readonly startedAt: number;
  readonly recoveryFrom: number;
  readonly recoveredAt: number | null;
  readonly endedAt: number;
  /**
   * When the fault killed a router: the load's connections it held at the kill, plus those
   * the load opened while it died (the kernel may hand a new connection to a listening
   * socket until the dying process's sockets are closed).
   */
  readonly connectionsToKilledRouter: number | null;
  readonly problem?: string;
};

export type FaultDeps = {
  readonly ctx: RecoveryContext;
  readonly load: LoadGenerator;
  readonly connections: number;
  readonly now: () => number;
  readonly say: (line: string) => void;
  readonly recoverTimeoutMs: number;
  readonly settleMs: number;
  /** The release fault's candidate and how to run release commands; null when the plan has no release fault. */
  readonly release: (ReleaseDrillOptions & { readonly candidate: string }) | null;
  /** Processes stopped by the drill right now, so an interrupted drill lets them run again. */
  readonly stopped: Set<number>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `fault` and measures its recovery; never throws for a fault that cannot be run (it says why). */
export async function runFault(fault: Fault, deps: FaultDeps): Promise<FaultRun> {
  const { ctx, now, say } = deps;
  const state = ctx.readState();
  const unrun = (problem: string): FaultRun => {
    const at = now();
    say(`${fault.name}: ${problem}`);
    return { fault, startedAt: at, recoveryFrom: at, recoveredAt: null, endedAt: at, connectionsToKilledRouter: null, problem };
  };

  const pids = new Map<SupervisedName, number>();
  for (const action of fault.actions) {
    if (action.kind === "kill-release") continue;
    const pid = recordedPid(state, action.process);
    if (pid === null) return unrun(`the state file records no pid for ${action.process}`);
    pids.set(action.process, pid);
  }

  let killedCluster: string | null = null;
  if (fault.actions.some((a) => a.kind === "kill" && a.process === "kafka")) {
    // The last look before the kill: what this cluster holds and ingestion has not applied dies with it.
    const look = await ctx.kafka.look();
    if (look === null) return unrun("Kafka does not answer before the fault");
    killedCluster = look.clusterId;
  }
  let connectionsToKilledRouter: number | null = null;
  if (fault.killsRouter !== null) {
    const held = connectionsHeldBy(pids.get(fault.killsRouter)!, ctx.targets.routerPort, deps.load.localPorts());
    // Without /proc the drill cannot tell which router holds a connection: any of them may.
    connectionsToKilledRouter = held ?? deps.connections;
  }
  let canary: CanaryRunning | null = null;
  if (fault.actions.some((a) => a.kind === "kill-release")) {
    if (deps.release === null) return unrun("no candidate model for the release fault");
    try {
      say(`${fault.name}: releasing ${deps.release.candidate} with the drill's canary policy…`);
      canary = await startCanary({ ...deps.release, version: deps.release.candidate, timeoutMs: deps.recoverTimeoutMs * 2 });
      await sleep(1000); // the canary serves: kill the supervisor in the middle of it
    } catch (error) {
      return unrun(error instanceof Error ? error.message : String(error));
    }
  }

  const startedAt = now();
  let recoveryFrom = startedAt;
  let release: FaultTrace["release"] = null;
  const killedPids = new Map<SupervisedName, number>();
  for (const action of fault.actions) {
    if (action.kind === "kill") {
      const pid = pids.get(action.process)!;
      const router = action.process === fault.killsRouter;
      say(`${fault.name}: SIGKILL ${action.process} (pid ${pid}${router ? `, holding ${connectionsToKilledRouter} of the load's connections` : ""})`);
      const openedAtKill = deps.load.connectionsOpened();
      signal(pid, "SIGKILL");
      killedPids.set(action.process, pid);
      if (router) {
        await untilNotListening(pid, ctx.targets.routerPort);
        connectionsToKilledRouter = (connectionsToKilledRouter ?? 0) + deps.load.connectionsOpened() - openedAtKill;
      }
    } else if (action.kind === "hang") {
      const pid = pids.get(action.process)!;
      say(`${fault.name}: SIGSTOP ${action.process} (pid ${pid}) for ${action.ms / 1000} s`);
      deps.stopped.add(pid);
      signal(pid, "SIGSTOP");
      await sleep(action.ms);
      signal(pid, "SIGCONT");
      deps.stopped.delete(pid);
      recoveryFrom = now();
    } else {
      say(`${fault.name}: SIGKILL the release supervisor (pid ${canary!.process.pid}) in its canary; then release --resume`);
      canary!.process.kill("SIGKILL");
      release = resumeRelease(deps.release!);
    }
  }
  if (killedCluster !== null) ctx.kafka.markKilled(killedCluster);

  const trace: FaultTrace = { killedPids, killedCluster, release };
  const probes = fault.parts.map((part) => partProbe(part, ctx, trace));
  const recovery = await awaitRecovery(probes, { timeoutMs: deps.recoverTimeoutMs, everyMs: 100, now });
  const recoveredAt = lastBack(recovery);
  let problem: string | undefined;
  if (release !== null) {
    const outcome = await withTimeout(release, deps.recoverTimeoutMs)
      .catch(() => ({ decided: false, detail: `release --resume still ran ${deps.recoverTimeoutMs / 1000} s after the part's wait` }));
    say(`${fault.name}: the resumed release ${outcome.decided ? `decided: ${outcome.detail}` : `did not decide (${outcome.detail})`}`);
    if (!outcome.decided) problem = outcome.detail;
  }
  // Each part's own time, so a slow fault names its slow part.
  const parts = fault.parts.map((part, i) => {
    const at = recovery.passedAt[i];
    return `${partName(part)} ${at === null ? "not back" : `${((at - recoveryFrom) / 1000).toFixed(1)} s`}`;
  });
  say(recoveredAt === null
    ? `${fault.name}: not back within ${deps.recoverTimeoutMs / 1000} s (${parts.join(", ")})`
    : `${fault.name}: back after ${((recoveredAt - recoveryFrom) / 1000).toFixed(1)} s${parts.length > 1 ? ` (${parts.join(", ")})` : ""}`);
  await sleep(deps.settleMs);
  return { fault, startedAt, recoveryFrom, recoveredAt, endedAt: now(), connectionsToKilledRouter, ...(problem ? { problem } : {}) };
}

/** Waits (up to 2 s) until `pid` no longer holds a listening socket on `port`: its sockets are closed. */
async function untilNotListening(pid: number, port: number): Promise<void> {
  const deadline = Date.now() + 2000;
  while (listensOn(pid, port) === true && Date.now() < deadline) await sleep(5);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone: the fault happened on its own.
  }
}

/** Seconds from the fault to the last part back, to a tenth; null when it was not back in time. */
export function recoveredSeconds(run: Pick<FaultRun, "recoveryFrom" | "recoveredAt">): number | null {
  return run.recoveredAt === null ? null : Math.round((run.recoveredAt - run.recoveryFrom) / 100) / 10;
}
