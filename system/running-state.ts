/**
 * The state file of a running system (infra/process/system-state.ts) as the launcher
 * keeps it: published once everything is up, then rewritten whenever a supervised
 * process gets a new pid or the embedded Kafka new brokers, so the chaos drill and the
 * demos always find what runs now.
 */
import { clearSystemState, type SystemState, writeSystemState } from "../infra/process/system-state.ts";

export type RunningState = {
  /** Records the pid of a process's latest run. */
  setProcess(name: string, pid: number): void;
  /** Records the brokers Kafka has now. */
  setKafkaBrokers(brokers: readonly string[]): void;
  kafkaBrokers(): readonly string[];
  /** Writes the file with `state` and everything recorded, and keeps it current from now on. */
  publish(state: Omit<SystemState, "processes" | "kafkaBrokers">): void;
  /** Removes the file; later records no longer write it. */
  clear(): void;
};

/** State kept for the file at `path`; nothing is written before `publish`. */
export function createRunningState(path: string): RunningState {
  let published: Omit<SystemState, "processes" | "kafkaBrokers"> | null = null;
  const processes: Record<string, number> = {};
  let brokers: readonly string[] = [];
  const write = () => {
    if (published) writeSystemState(path, { ...published, kafkaBrokers: [...brokers], processes: { ...processes } });
  };
  return {
    setProcess(name, pid) {
      processes[name] = pid;
      write();
    },
    setKafkaBrokers(next) {
      brokers = [...next];
      write();
    },
    kafkaBrokers: () => brokers,
    publish(state) {
      published = state;
      write();
    },
    clear() {
      published = null;
      clearSystemState(path);
    },
  };
}
