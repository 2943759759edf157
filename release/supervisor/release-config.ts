/** Configuration of the release supervisor, from the environment. */
import { z } from "zod";
import { DatabaseEnv, PortText } from "../../shared/config/env-fields.ts";
import { parseEnv } from "../../shared/config/parse-env.ts";
import { ClientTimeoutMs } from "../../measurement/site-timeout.ts";
import { DEFAULT_CONVERSION_WINDOW_MS } from "../../shared/telemetry/conversion-window.ts";

export const ReleaseConfig = DatabaseEnv.extend({
  /** The movielog topic: its ingested watermark is the stream's clock for conversion windows. */
  KAFKA_TOPIC: z.string().min(1).default("movielog"),
  /** A JSON file with the canary policy (fields of release/policy/canary-policy.ts; omitted ones take the defaults). */
  RELEASE_POLICY_FILE: z.string().min(1).optional(),
  /** `process`: a local worker process per canary (embedded setup); `slot`: the standing canary service (compose). */
  RELEASE_LAUNCHER: z.enum(["process", "slot"]).default("process"),
  /** Port of the local canary worker process. */
  RELEASE_CANARY_PORT: PortText.default(8093),
  /** Base URL of the standing canary worker, for the slot launcher. */
  RELEASE_CANARY_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Bearer token of the workers' admin API; read from the running system's state file when unset. */
  ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** A recommended movie started within this stream time after the answer counts as a conversion. */
  RELEASE_CONVERSION_WINDOW_MS: z.coerce.number().int().min(1000).default(DEFAULT_CONVERSION_WINDOW_MS),
  /** The site's client timeout (measurement/site-timeout.ts): answers at or after it count as timeouts. */
  RELEASE_CLIENT_TIMEOUT_MS: ClientTimeoutMs,
  /** How long routers take to apply a rules change (they poll the rules version every second). */
  RELEASE_ROUTING_SETTLE_MS: z.coerce.number().int().min(0).default(1500),
  /** Longest wait for a worker to load a model and report ready. */
  RELEASE_WORKER_READY_TIMEOUT_MS: z.coerce.number().int().min(1000).default(180_000),
  /** Failed attempts in a row before a canary that cannot run is rolled back. */
  RELEASE_MAX_CANARY_FAILURES: z.coerce.number().int().min(1).default(5),
  /** The CI build that started the release (Jenkins sets it), linked from the email. */
  BUILD_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Where a running `npm start` system records its endpoints and admin token. */
  SYSTEM_STATE_FILE: z.string().min(1).default(".data/system.json"),
}).superRefine((env, ctx) => {
  if (env.RELEASE_LAUNCHER === "slot" && !env.RELEASE_CANARY_URL) {
    ctx.addIssue({ code: "custom", path: ["RELEASE_CANARY_URL"], message: "the slot launcher needs the canary worker's URL" });
  }
});
export type ReleaseConfig = z.infer<typeof ReleaseConfig>;

/** Parses the environment; throws naming every bad variable. */
export function loadReleaseConfig(env: Record<string, string | undefined>): ReleaseConfig {
  return parseEnv(ReleaseConfig, env);
}

/**
 * Sender and recipients when no Resend key is configured: the email then goes to the
 * outbox, so local addresses are enough. With a key they must be given.
 */
export function notifyEnvWithLocalDefaults(env: Record<string, string | undefined>): Record<string, string | undefined> {
  if (env.RESEND_API_KEY) return env;
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  return { EMAIL_FROM: "Release supervisor <releases@localhost>", EMAIL_TO: "team@localhost", ...given };
}
