/**
 * The endpoints of a running system, written by `npm start` so that other commands
 * (replays, reports, demos) find the database and Kafka it started.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";

export const SystemState = z.object({
  pid: z.number().int(),
  startedAt: z.string(),
  databaseUrl: z.string(),
  kafkaBrokers: z.array(z.string()),
  kafkaTopic: z.string(),
  /** The workers' and router's admin token, so the release supervisor can swap models. */
  adminToken: z.string().optional(),
  /** The file holding the key the router signs telemetry with and ingestion checks (absent: from the environment). */
  telemetrySigningKeyFile: z.string().optional(),
});
export type SystemState = z.infer<typeof SystemState>;

/** Writes the state file. */
export function writeSystemState(path: string, state: SystemState): void {
  mkdirSync(dirname(path), { recursive: true });
  // Owner-only: the file holds the session's admin token.
  writeFileSync(path, JSON.stringify(state, null, 2) + "\n", { mode: 0o600 });
  chmodSync(path, 0o600); // `mode` applies only when the file is created; an older file may be wider
}

/** The state of a system that is still running, or null (no file, bad file, or its process is gone). */
export function readSystemState(path: string): SystemState | null {
  if (!existsSync(path)) return null;
  const parsed = SystemState.safeParse(JSON.parse(readFileSync(path, "utf8")));
  if (!parsed.success) return null;
  try {
    process.kill(parsed.data.pid, 0);
    return parsed.data;
  } catch {
    return null;
  }
}

/** Removes the state file. */
export function clearSystemState(path: string): void {
  rmSync(path, { force: true });
}
