/** Configuration of the one-command system, from the environment. */
import { z } from "zod";
import { DatabaseEnv, KafkaEnv } from "../shared/config/env-fields.ts";
import { parseEnv } from "../shared/config/parse-env.ts";

export const SystemConfig = DatabaseEnv.extend(KafkaEnv.shape).extend({
  /** Where the running system writes its endpoints for other commands to find. */
  SYSTEM_STATE_FILE: z.string().min(1).default(".data/system.json"),
});
export type SystemConfig = z.infer<typeof SystemConfig>;

/** Parses the environment; throws naming the first bad variable. */
export function loadSystemConfig(env: Record<string, string | undefined>): SystemConfig {
  return parseEnv(SystemConfig, env);
}
