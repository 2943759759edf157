/** Environment of `bun run report provenance`: the database, and where the trainer keeps snapshots. */
import { z } from "zod";
import { DatabaseEnv } from "../../shared/config/env-fields.ts";
import { TrainConfig } from "../../trainer/train/config.ts";

export const ProvenanceEnv = DatabaseEnv.extend({
  /** The trainer's snapshot directory, with the trainer's default, so both look in the same place. */
  SNAPSHOT_DIR: TrainConfig.shape.SNAPSHOT_DIR,
});
export type ProvenanceEnv = z.infer<typeof ProvenanceEnv>;
