/** Environment of `bun run report analysis`: the database, and where user attributes come from. */
import { z } from "zod";
import { DatabaseEnv } from "../../shared/config/env-fields.ts";

export const AnalysisEnv = DatabaseEnv.extend({
  /** Base URL of the course's user API (`<base>/user/<id>`); `--user-api` overrides it; unset skips fairness. */
  USER_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Parallel requests to the user API. */
  USER_API_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
});
export type AnalysisEnv = z.infer<typeof AnalysisEnv>;
