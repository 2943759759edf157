/**
 * How the drill tells that a part serves again after a fault, asked over and over until
 * it does: a router answers from a new process (the pid the state file records now is
 * not the one killed, and that process listens on the router's port, or answers on its
 * own metrics port where /proc cannot tell); a worker is ready; the database accepts a
 * query; ingestion has applied a batch since the fault; the restarted Kafka carries the
 * stream and the routers' telemetry into the store again (a new cluster, and a batch of
 * each applied from it); a resumed release has decided.
 */
import type postgres from "postgres";
import { workerReadiness } from "../../release/launcher/worker-admin.ts";
import { type DrillStateFields, type DrillTargets, processIndex, recordedPid } from "./drill-targets.ts";
import type { Part, SupervisedName } from "./fault-plan.ts";
import type { KafkaWatch } from "./kafka-watch.ts";
import { appliedOffsets, readIngestProgress } from "./read-ingest-progress.ts";
import { listensOn } from "./socket-owners.ts";
import { withTimeout } from "./with-timeout.ts";

/** What the probes read. */
export type RecoveryContext = {
  readonly readState: () => DrillStateFields | null;
  readonly targets: DrillTargets;
  readonly sql: postgres.Sql;
  readonly kafka: KafkaWatch;
  readonly ingest: {
    readonly group: string;
    readonly topic: string;
    /** The routers' telemetry consumer, unless ingestion does not consume it. */
    readonly telemetry: { readonly group: string; readonly topic: string } | null;
  };
};

/** What the fault did, for the probes to tell the new from the old. */
export type FaultTrace = {
  readonly killedPids: ReadonlyMap<SupervisedName, number>;
  readonly killedCluster: string | null;
  /** The resumed release: resolves with whether it decided. */
  readonly release: Promise<{ readonly decided: boolean; readonly detail: string }> | null;
};

/** True once the part serves again; never throws. */
export type PartProbe = () => Promise<boolean>;

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const answers = async (url: string) => {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
};

/** The probe of `part` after the fault `trace` describes. */
export function partProbe(part: Part, ctx: RecoveryContext, trace: FaultTrace): PartProbe {
  switch (part.kind) {
    case "router":
      return async () => {
        const pid = recordedPid(ctx.readState(), part.process);
        if (pid === null || pid === trace.killedPids.get(part.process) || !isAlive(pid)) return false;
        const listening = listensOn(pid, ctx.targets.routerPort);
        if (listening !== null) return listening;
        const metricsPort = ctx.targets.routerMetricsPorts[processIndex(part.process)];
        return metricsPort === undefined ? true : await answers(`http://127.0.0.1:${metricsPort}/metrics`);
      };
    case "worker":
      return async () => {
        const pid = recordedPid(ctx.readState(), part.process);
        const killed = trace.killedPids.get(part.process);
        if (pid === null || (killed !== undefined && pid === killed) || !isAlive(pid)) return false;
        return (await workerReadiness(ctx.targets.workerUrls[processIndex(part.process)], 1000)).ready;
      };
    case "database":
      return async () => {
        try {
          await withTimeout(ctx.sql`select 1`, 2000);
          return true;
        } catch {
          return false;
        }
      };
    case "ingest": {
      // The first reading after the fault is the baseline (the database may be down at the
      // fault itself); a batch applied after it proves ingestion is back.
      let baseline: number | null = null;
      return async () => {
        try {
          const applied = appliedOffsets(await withTimeout(readIngestProgress(ctx.sql, ctx.ingest.group, ctx.ingest.topic), 2000));
          if (baseline === null) {
            baseline = applied;
            return false;
          }
          return applied > baseline;
        } catch {
          return false;
        }
      };
    }
    case "kafka":
      // Both ways through Kafka must flow again: the site's stream, and the routers' telemetry the canary judge reads.
      return async () => {
        const look = await ctx.kafka.look();
        if (look === null || look.clusterId === trace.killedCluster) return false;
        const consumers = [ctx.ingest, ...(ctx.ingest.telemetry ? [ctx.ingest.telemetry] : [])];
        try {
          for (const { group, topic } of consumers) {
            const progress = await withTimeout(readIngestProgress(ctx.sql, group, topic), 2000);
            if (appliedOffsets(progress, look.clusterId) === 0) return false;
          }
          return true;
        } catch {
          return false;
        }
      };
    case "release": {
      let decided = false;
      void trace.release?.then((r) => void (decided = r.decided));
      return () => Promise.resolve(decided);
    }
  }
}

/** When each probe first passed (null: not within the wait). */
export type Recovery = { readonly passedAt: readonly (number | null)[] };

/** The time the last part first passed, or null when one did not. */
export function recoveredAt(recovery: Recovery): number | null {
  return recovery.passedAt.every((t) => t !== null) ? Math.max(...(recovery.passedAt as number[])) : null;
}

/** Asks every probe, side by side, until each has passed once or the time is up. */
export async function awaitRecovery(
  probes: readonly PartProbe[],
  options: { readonly timeoutMs: number; readonly everyMs: number; readonly now: () => number },
): Promise<Recovery> {
  const deadline = options.now() + options.timeoutMs;
  const passedAt: (number | null)[] = probes.map(() => null);
  while (options.now() < deadline) {
    await Promise.all(probes.map(async (probe, i) => {
      if (passedAt[i] === null && await probe()) passedAt[i] = options.now();
    }));
    if (passedAt.every((t) => t !== null)) break;
    await new Promise((r) => setTimeout(r, options.everyMs));
  }
  return { passedAt };
}

/** A part's name in the drill's messages. */
export function partName(part: Part): string {
  return part.kind === "router" || part.kind === "worker" ? part.process : part.kind;
}
