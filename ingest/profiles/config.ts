/** Configuration of the profile sync job, from the environment; fails at start naming a bad variable. */
import { z } from "zod";
import { DatabaseEnv } from "../../shared/config/env-fields.ts";
import { parseEnv } from "../../shared/config/parse-env.ts";

export const ProfilesConfig = DatabaseEnv.extend({
  /** The site's user API (`GET <url>/user/<id>`); the simulator serves it on 8080. */
  USER_API_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" })
    .default("http://127.0.0.1:8080"),
  /** A stored answer older than this is fetched again. */
  PROFILE_MAX_AGE_HOURS: z.coerce.number().min(0).max(24 * 365).default(7 * 24),
  /** Requests in flight at once. */
  PROFILE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  PROFILE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
});
export type ProfilesConfig = z.infer<typeof ProfilesConfig>;

/** Parses the environment; throws a ConfigError naming every bad variable. */
export function loadProfilesConfig(env: Record<string, string | undefined>): ProfilesConfig {
  return parseEnv(ProfilesConfig, env);
}
