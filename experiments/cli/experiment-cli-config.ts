/** Configuration of the experiment CLI, from the environment. */
import { z } from "zod";
import { DatabaseEnv, KafkaEnv } from "../../shared/config/env-fields.ts";
import { parseEnv } from "../../shared/config/parse-env.ts";

export const ExperimentCliConfig = DatabaseEnv.extend({
  /** The movielog topic: its ingested watermark is the stream's clock for start and stop times. */
  KAFKA_TOPIC: KafkaEnv.shape.KAFKA_TOPIC,
  /** Where a running `npm start` system records its database, used when DATABASE_URL is unset. */
  SYSTEM_STATE_FILE: z.string().min(1).default(".data/system.json"),
});
export type ExperimentCliConfig = z.infer<typeof ExperimentCliConfig>;

/** Parses the environment; throws naming every bad variable. */
export function loadExperimentCliConfig(
  env: Record<string, string | undefined>,
): ExperimentCliConfig {
  return parseEnv(ExperimentCliConfig, env);
}
