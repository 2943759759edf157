/**
 * Hyperparameters of an ALS run, validated at the boundary. Defaults were
 * tuned on ml-100k's five published folds (see bench/train.bench.ts) for the
 * explicit model; the implicit defaults follow Hu, Koren and Volinsky (2008).
 */
import { z } from "zod";

export const AlsConfig = z.object({
  /** `explicit` predicts ratings (global mean + biases + factors); `implicit` ranks from watch signal. */
  model: z.enum(["explicit", "implicit"]).default("explicit"),
  /** Number of latent factors. */
  rank: z.number().int().min(1).max(1024).default(64),
  /** Full sweeps (users then items). */
  iterations: z.number().int().min(1).max(1000).default(15),
  /** Factor regularisation; explicit scales it by count^lambdaExponent of each row (weighted-λ). */
  lambda: z.number().min(0).default(1.2),
  /** Bias regularisation for the explicit model, scaled like lambda. */
  biasLambda: z.number().min(0).default(0.6),
  /**
   * β in λ·nᵝ. ALS-WR (Zhou et al. 2008) uses 1; on ml-100k's folds 0.5 gives
   * RMSE 0.909 against 0.913 at the best λ for 1, and 0 (plain λ) gives 0.916.
   */
  lambdaExponent: z.number().min(0).max(2).default(0.5),
  /** Implicit confidence slope: c = 1 + alpha · value. */
  alpha: z.number().min(0).default(10),
  /**
   * `cholesky` solves each row exactly (O(n·k²) a row); `cg` takes a few warm-started
   * conjugate-gradient steps (O(n·k) a step). On ml-100k both reach the same RMSE to
   * four decimals at rank 64, and cg is six times faster.
   */
  solver: z.enum(["cholesky", "cg"]).default("cg"),
  /** Conjugate-gradient steps per row and sweep when solver is `cg`. */
  cgSteps: z.number().int().min(1).max(64).default(3),
  /** Standard deviation of the initial factors, divided by √rank. */
  initScale: z.number().min(0).default(0.1),
  /** Seed of the factor initialisation and of fault injection. */
  seed: z.number().int().min(0).max(0xffffffff).default(42),
  /** Worker threads; rows are split into contiguous ranges, one per thread. */
  threads: z.number().int().min(1).max(64).default(1),
  /** Predictions are clipped to this rating range (explicit model). */
  clip: z.tuple([z.number(), z.number()]).default([1, 5]),
  /**
   * Release-demo faults: `shuffle` permutes item factors, `nan` writes NaN into them,
   * `skew` (production runs only) evaluates a sound model but ships a shuffled one, so
   * it passes the offline gate and hurts users — what the canary must catch.
   */
  inject: z.enum(["none", "shuffle", "nan", "skew"]).default("none"),
});
export type AlsConfig = z.infer<typeof AlsConfig>;

/** The defaults, for callers that only override a few fields. */
export const DEFAULT_ALS_CONFIG: AlsConfig = AlsConfig.parse({});
