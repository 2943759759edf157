/**
 * Where the router and ingestion find the telemetry signing key: in
 * TELEMETRY_SIGNING_KEY, or in the file TELEMETRY_SIGNING_KEY_FILE names (compose
 * secrets, `npm start`'s generated key), never both. Surrounding whitespace is not
 * part of the key, so a file with a final newline and the same text in a variable
 * agree. The key is never shown in a message; the file's path is.
 */
import { z } from "zod";
import { ConfigError } from "../config/parse-env.ts";

/** Shortest key accepted: 16 characters; `npm start` generates 43 (32 random bytes). */
export const MIN_TELEMETRY_SIGNING_KEY_LENGTH = 16;

const tooShort = `must be at least ${MIN_TELEMETRY_SIGNING_KEY_LENGTH} characters`;

/** The environment fields (extend a process's config with its shape). */
export const TelemetrySigningEnv = z.object({
  /** The shared secret itself; its length is checked by readTelemetrySigningKey, which never shows it. */
  TELEMETRY_SIGNING_KEY: z.string().optional(),
  /** A file holding it, e.g. /run/secrets/telemetry_signing_key. */
  TELEMETRY_SIGNING_KEY_FILE: z.string().min(1).optional(),
});
export type TelemetrySigningEnv = z.infer<typeof TelemetrySigningEnv>;

/**
 * The key the environment names, or null when it names none. Throws a ConfigError
 * naming the variable when both are set, or the file is unreadable or too short.
 */
export function readTelemetrySigningKey(env: TelemetrySigningEnv, readText: (path: string) => string): string | null {
  const path = env.TELEMETRY_SIGNING_KEY_FILE;
  if (env.TELEMETRY_SIGNING_KEY !== undefined && path !== undefined) {
    throw new ConfigError("Invalid configuration: set TELEMETRY_SIGNING_KEY or TELEMETRY_SIGNING_KEY_FILE, not both");
  }
  if (path === undefined) {
    if (env.TELEMETRY_SIGNING_KEY === undefined) return null;
    return checkedKey(env.TELEMETRY_SIGNING_KEY, "TELEMETRY_SIGNING_KEY=(hidden)");
  }
  let text: string;
  try {
    text = readText(path);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`Invalid configuration: TELEMETRY_SIGNING_KEY_FILE=${JSON.stringify(path)}: cannot be read: ${why}`);
  }
  return checkedKey(text, `TELEMETRY_SIGNING_KEY_FILE=${JSON.stringify(path)}: the key in it`);
}

function checkedKey(text: string, what: string): string {
  const key = text.trim();
  if (key.length < MIN_TELEMETRY_SIGNING_KEY_LENGTH) {
    throw new ConfigError(`Invalid configuration: ${what} ${tooShort}: current length is ${key.length}`);
  }
  return key;
}
