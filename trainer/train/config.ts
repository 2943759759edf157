/** Environment of `bun run train` production runs: where data, snapshots and artifacts live. */
import { z } from "zod";
import { ArtifactEnv, DatabaseEnv } from "../../shared/config/env-fields.ts";
import { parseEnv } from "../../shared/config/parse-env.ts";

export const TrainConfig = DatabaseEnv.extend(ArtifactEnv.shape);
export type TrainConfig = z.infer<typeof TrainConfig>;

/** Parses the environment; throws naming the first bad variable. */
export function loadTrainConfig(env: Record<string, string | undefined>): TrainConfig {
  return parseEnv(TrainConfig, env);
}
