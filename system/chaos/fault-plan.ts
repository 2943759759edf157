/**
 * The chaos drill's faults: what each one does to which supervised process, which
 * parts must come back afterwards, and within what time. Pure: the shell
 * (run-fault.ts) sends the signals and asks the parts.
 */
import { z } from "zod";

/** Every fault the drill knows, in the order it runs them by default. */
export const FAULT_NAMES = [
  "kill-router",
  "kill-worker-1",
  "kill-worker-2",
  "kill-ingest",
  "kill-database",
  "kill-kafka",
  "kill-release",
  "kill-database-and-router",
  "stop-worker-1",
] as const;
export const FaultName = z.enum(FAULT_NAMES);
export type FaultName = z.infer<typeof FaultName>;

/** The names under which the system's state file records the pid of every process it supervises. */
export type SupervisedName = "database" | "kafka" | "ingest" | "worker-1" | "worker-2" | "router-1" | "router-2" | "simulator";

/**
 * A part that must serve again after a fault, and how the drill tells: a router answers
 * from a new process, a worker is ready, the database accepts queries, ingestion has
 * applied a new batch, the restarted Kafka carries the stream into the store again, a
 * resumed release has decided.
 */
export type Part =
  | { readonly kind: "router"; readonly process: "router-1" | "router-2" }
  | { readonly kind: "worker"; readonly process: "worker-1" | "worker-2" }
  | { readonly kind: "database" }
  | { readonly kind: "ingest" }
  | { readonly kind: "kafka" }
  | { readonly kind: "release" };

/** One thing the drill does, in order. */
export type FaultAction =
  | { readonly kind: "kill"; readonly process: SupervisedName }
  /** SIGSTOP, then SIGCONT after `ms`: a hung process. */
  | { readonly kind: "hang"; readonly process: SupervisedName; readonly ms: number }
  /** SIGKILL of the release supervisor the drill started, in the middle of its canary. */
  | { readonly kind: "kill-release" };

export type Fault = {
  readonly name: FaultName;
  readonly actions: readonly FaultAction[];
  readonly parts: readonly Part[];
  /** The router process this fault kills, if any: its clients may lose the requests in flight. */
  readonly killsRouter: "router-1" | "router-2" | null;
  /**
   * When recovery is timed from: the fault itself, or the end of a hang (a hung worker
   * cannot serve while it is stopped; what counts is how fast it serves once it runs).
   */
  readonly recoveryFrom: "fault" | "hang-end";
};

/** Seconds within which a part must serve again: 10 for every process, 30 for the embedded database. */
export const RECOVERY_TARGET_S = { database: 30, other: 10 } as const;

/** The recovery target of a fault: the loosest target of the parts it takes down. */
export function recoveryTargetS(fault: Fault): number {
  return Math.max(...fault.parts.map((p) => (p.kind === "database" ? RECOVERY_TARGET_S.database : RECOVERY_TARGET_S.other)));
}

/** Settings of the plan: how long a hung worker stays stopped. */
export type PlanSettings = { readonly hangMs: number };

const kill = (process: SupervisedName): FaultAction => ({ kind: "kill", process });

/** The definition of fault `name`. */
export function describeFault(name: FaultName, settings: PlanSettings): Fault {
  const base = { name, killsRouter: null, recoveryFrom: "fault" } as const;
  switch (name) {
    case "kill-router":
      return { ...base, actions: [kill("router-1")], parts: [{ kind: "router", process: "router-1" }], killsRouter: "router-1" };
    case "kill-worker-1":
      return { ...base, actions: [kill("worker-1")], parts: [{ kind: "worker", process: "worker-1" }] };
    case "kill-worker-2":
      return { ...base, actions: [kill("worker-2")], parts: [{ kind: "worker", process: "worker-2" }] };
    case "kill-ingest":
      return { ...base, actions: [kill("ingest")], parts: [{ kind: "ingest" }] };
    case "kill-database":
      // Ingestion must resume on the restarted database too: that is where exactly-once is at stake.
      return { ...base, actions: [kill("database")], parts: [{ kind: "database" }, { kind: "ingest" }] };
    case "kill-kafka":
      return { ...base, actions: [kill("kafka")], parts: [{ kind: "kafka" }] };
    case "kill-release":
      return { ...base, actions: [{ kind: "kill-release" }], parts: [{ kind: "release" }] };
    case "kill-database-and-router":
      // The database first, so that the router restarts while the database is down.
      return {
        ...base,
        actions: [kill("database"), kill("router-2")],
        parts: [{ kind: "database" }, { kind: "router", process: "router-2" }, { kind: "ingest" }],
        killsRouter: "router-2",
      };
    case "stop-worker-1":
      return {
        ...base,
        actions: [{ kind: "hang", process: "worker-1", ms: settings.hangMs }],
        parts: [{ kind: "worker", process: "worker-1" }],
        recoveryFrom: "hang-end",
      };
  }
}

/** The faults to run, in the order given (each once). */
export function planFaults(names: readonly FaultName[], settings: PlanSettings): Fault[] {
  return [...new Set(names)].map((name) => describeFault(name, settings));
}

/** The processes whose pids a plan needs from the state file. */
export function processesNeeded(plan: readonly Fault[]): SupervisedName[] {
  const names = new Set<SupervisedName>();
  for (const fault of plan) {
    for (const action of fault.actions) if (action.kind !== "kill-release") names.add(action.process);
    for (const part of fault.parts) if (part.kind === "router" || part.kind === "worker") names.add(part.process);
  }
  return [...names];
}

/** `--faults a,b`: a comma-separated list of fault names, or `all`. */
export const FaultList = z.string().transform((text, ctx) => {
  if (text.trim() === "all") return [...FAULT_NAMES];
  const names = text.split(",").map((s) => s.trim()).filter((s) => s.length > 0);
  const unknown = names.filter((n) => !FaultName.safeParse(n).success);
  if (names.length === 0 || unknown.length > 0) {
    ctx.addIssue({
      code: "custom",
      message: `must be a comma-separated list of ${FAULT_NAMES.join(", ")} (or all): current value is ${JSON.stringify(text.slice(0, 200))}`,
    });
    return z.NEVER;
  }
  return names as FaultName[];
});
