/**
 * What the drill needs from the running system's state file: the pid of every process
 * a fault signals (rewritten by `npm start` whenever one restarts), the router's port,
 * the routers' own metrics ports and the workers' URLs. Pure: the shell re-reads the
 * file (infra/process/system-state.ts) each time it needs a pid.
 */
import type { SupervisedName } from "./fault-plan.ts";

/** The fields of the state file the drill reads (all optional there, so an older file still parses). */
export type DrillStateFields = {
  readonly processes?: Readonly<Record<string, number>>;
  readonly routerPort?: number;
  readonly routerMetricsPorts?: readonly number[];
  readonly workerUrls?: readonly string[];
};

/** The fixed endpoints of a drill; pids are read fresh each time. */
export type DrillTargets = {
  readonly routerPort: number;
  /** One per router, in the order router-1, router-2; empty when the file has none. */
  readonly routerMetricsPorts: readonly number[];
  /** worker-1, worker-2, … */
  readonly workerUrls: readonly string[];
};

/** The drill's endpoints, or what the state file lacks for `needed`, one sentence each. */
export function drillTargets(state: DrillStateFields, needed: readonly SupervisedName[]): { ok: true; targets: DrillTargets } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  if (state.processes === undefined) {
    problems.push("the state file records no process ids (`processes`): the running system predates a supervised `npm start`");
  } else {
    const missing = needed.filter((name) => !Number.isInteger(state.processes![name]) || state.processes![name] <= 0);
    if (missing.length > 0) problems.push(`the state file records no pid for ${missing.join(", ")}`);
  }
  if (state.routerPort === undefined) problems.push("the state file records no `routerPort`");
  const workers = needed.filter((n) => n.startsWith("worker-")).map((n) => Number(n.slice("worker-".length)));
  const urls = state.workerUrls ?? [];
  const unknownWorkers = workers.filter((i) => urls[i - 1] === undefined);
  if (unknownWorkers.length > 0) problems.push(`the state file records no URL for ${unknownWorkers.map((i) => `worker-${i}`).join(", ")} (\`workerUrls\`)`);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, targets: { routerPort: state.routerPort!, routerMetricsPorts: state.routerMetricsPorts ?? [], workerUrls: urls } };
}

/** The pid the state records for `name`, or null. */
export function recordedPid(state: DrillStateFields | null, name: SupervisedName): number | null {
  const pid = state?.processes?.[name];
  return pid !== undefined && Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** The index (0-based) of a numbered process such as `router-2` or `worker-1`. */
export function processIndex(name: `router-${number}` | `worker-${number}`): number {
  return Number(name.slice(name.indexOf("-") + 1)) - 1;
}
