/** Environment of `bun run report provenance`: the database, and where the trainer keeps snapshots. */
import { z } from "zod";
import { ArtifactEnv, DatabaseEnv } from "../../shared/config/env-fields.ts";

export const ProvenanceEnv = DatabaseEnv.extend({
  /** The trainer's snapshot directory, with the trainer's default, so both look in the same place. */
  SNAPSHOT_DIR: ArtifactEnv.shape.SNAPSHOT_DIR,
});
export type ProvenanceEnv = z.infer<typeof ProvenanceEnv>;
