/**
 * The telemetry signing key `npm start` gives the router and ingestion when the
 * environment names none: generated once into a file beside the system's state
 * (owner-only, like the state with its admin token) and reused by every later start.
 * Reuse matters: events the router signed but ingestion had not read when the system
 * stopped are still verified after the next start, instead of being quarantined as
 * `bad_signature` under a new key.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { readTelemetrySigningKey } from "../shared/telemetry/index.ts";

/** The key file at `path`, created with a new random key when missing; whether it was created. */
export function ensureTelemetrySigningKeyFile(path: string): { path: string; created: boolean } {
  if (existsSync(path)) {
    // A damaged file fails here, naming it, rather than in both children.
    readTelemetrySigningKey({ TELEMETRY_SIGNING_KEY_FILE: path }, (p) => readFileSync(p, "utf8"));
    chmodSync(path, 0o600);
    return { path, created: false };
  }
  mkdirSync(dirname(path), { recursive: true });
  // 32 random bytes: 43 base64url characters, far beyond the 16 the readers require.
  writeFileSync(path, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
  return { path, created: true };
}
