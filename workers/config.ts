/** Configuration of an inference worker, from the environment. */
import { z } from "zod";
import { DatabaseEnv, PortText } from "../shared/config/env-fields.ts";
import { parseEnv } from "../shared/config/parse-env.ts";
import { ModelVersion } from "../shared/model/manifest.ts";
import { MAX_ANSWER_ITEMS } from "../shared/recommendation/max-answer-items.ts";

export const WorkerConfig = DatabaseEnv.extend({
  WORKER_PORT: PortText.default(8090),
  WORKER_HOST: z.string().min(1).default("0.0.0.0"),
  /** An artifact directory to serve at start. */
  WORKER_MODEL_PATH: z.string().min(1).optional(),
  /** A registry version to serve, or "production" to follow the registry's production model. */
  WORKER_MODEL_VERSION: ModelVersion.optional(),
  /** How often the registry is read for a changed model. */
  WORKER_REGISTRY_POLL_MS: z.coerce.number().int().min(50).max(3_600_000).default(2000),
  /**
   * Bearer token of `POST /admin/model`; unset disables the endpoint. A token holding
   * whitespace could never match `Authorization: Bearer <token>`, so it is refused here.
   */
  WORKER_ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters")
    .regex(/^\S+$/, "must not contain whitespace").optional(),
  /** Movies per reply when the flags do not say; at most an answer's cap. */
  WORKER_LIST_LENGTH: z.coerce.number().int().min(1).max(MAX_ANSWER_ITEMS).default(MAX_ANSWER_ITEMS),
  /**
   * Fault drill: this share of recommendation requests fails with a 500. Release drills
   * start a canary with it to prove a broken model is rolled back; 0 in normal operation.
   */
  WORKER_FAULT_ERROR_RATE: z.coerce.number().min(0).max(1).default(0),
  /**
   * Where the worker keeps what outlives it: which artifact it served last (a small JSON
   * record naming the artifact's directory, version and manifest sha256; the artifact
   * itself stays where the registry put it). A restart while the registry is unreachable
   * serves that artifact again. Default `.data/worker-<WORKER_PORT>`, relative to the
   * working directory, so two workers on one machine never share it.
   */
  WORKER_STATE_DIR: z.string().min(1).optional(),
}).superRefine((env, ctx) => {
  if (!env.WORKER_MODEL_PATH && !env.WORKER_MODEL_VERSION) {
    ctx.addIssue({ code: "custom", path: ["WORKER_MODEL_PATH"], message: "set WORKER_MODEL_PATH, WORKER_MODEL_VERSION, or both" });
  }
}).transform((env) => ({ ...env, WORKER_STATE_DIR: env.WORKER_STATE_DIR ?? `.data/worker-${env.WORKER_PORT}` }));
export type WorkerConfig = z.infer<typeof WorkerConfig>;

/** Parses the environment; throws naming the first bad variable. */
export function loadWorkerConfig(env: Record<string, string | undefined>): WorkerConfig {
  return parseEnv(WorkerConfig, env);
}
