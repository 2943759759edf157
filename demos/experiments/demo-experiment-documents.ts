/**
 * The three experiments the demo runs at once, designed so the simulated site makes their
 * truth knowable and the demo's verdicts are checkable rather than lucky:
 *   - `model-ab` (layer `models`, its first 80 %): production's model against one retrained on the
 *     same history (plus the minutes of traffic since) with the same hyperparameters and
 *     only another seed for its initial factors. Two fits of one model on one history rank alike, so the truth is "no
 *     real difference", and the experiment declares what "no difference" means: an
 *     equivalence margin of ±25 % relative lift on conversion: wide, because it is about
 *     what minutes of the traffic this machine can ingest can show, and even so not in
 *     every run (demo-sizing.ts).
 *   - `popularity-blend` (layer `ranking`): taking 80 % of the score from popularity.
 *     The simulated users choose by their own tastes far more than by popularity
 *     (simulator/world/affinity.ts), so this is a clearly worse ranking: it cut
 *     conversion by 18 to 31 % in every run of this demo on this world.
 *   - `prefer` (layer `models`, its last 20 %): an interleaving experiment, production's
 *     ranking and a rank-2 model's merged by team draft for the treatment's users. The
 *     world's tastes have 8 dimensions (simulator/world/create-world.ts TASTE_RANK), which
 *     production's rank 32 can hold and rank 2 cannot, so users should prefer production
 *     (team A): the first stage of a two-stage comparison, on a fifth of the users. It
 *     shares its layer with `model-ab` because a user in both would get `model-ab`'s
 *     pool, never the merge. It has no latency guardrail: the merged arm waits for two
 *     pools, a cost bench:serve measures, and the question here is which ranking users
 *     prefer.
 * Each user counts once their observation window (stream time after first exposure) has
 * closed: 24 simulated hours for the models, which at 240× is 6 real minutes, so each
 * user brings about 10 requests to the equivalence (demo-sizing.ts); 10 hours (150 s)
 * for the ranking, whose harm is large and shows on fewer requests.
 * Stopped experiments stay in the rules for their reports, so each run's keys carry `run`.
 */

import { DEMO_SITE } from "./demo-sizing.ts";

const HOUR_MS = 3_600_000;

/** Seed of the challenger's initial factors (production's training uses the default, 42). */
export const CHALLENGER_SEED = 7;

/** The relative lift on conversion within which the two models count as the same. */
export const MODEL_EQUIVALENCE_MARGIN = 0.25;

/**
 * The users each experiment plans to reach: the whole simulated site (each layer covers
 * every user), so the always-valid sequences are tuned where the demo can get.
 */
export const DEMO_PLANNED_USERS = Number(DEMO_SITE.SIMULATOR_USERS);

/** The weaker model's rank, against production's 32. */
export const WEAK_MODEL_RANK = 2;

/** The share of the `models` layer the interleaving experiment takes: interleaving needs few users. */
export const INTERLEAVING_LAYER_SHARE = 0.2;

/** The experiment documents for `bun run experiment create`, keyed by `run`. */
export function demoExperimentDocuments(run: string, challengerPool: string, weakPool: string) {
  return [
    {
      key: `model-ab-${run}`,
      hypothesis: `A model retrained with another seed converts like production's, within ±${MODEL_EQUIVALENCE_MARGIN * 100} %`,
      layer: { name: "models", start: 0, end: 1 - INTERLEAVING_LAYER_SHARE },
      variants: [{ key: "control", weight: 0.5, pool: "stable" }, { key: "treatment", weight: 0.5, pool: challengerPool }],
      primaryMetric: "conversion",
      guardrailMetrics: ["latency_ms"],
      equivalenceMargin: MODEL_EQUIVALENCE_MARGIN,
      observationWindowMs: 24 * HOUR_MS,
      plannedUsers: DEMO_PLANNED_USERS,
    },
    {
      key: `popularity-blend-${run}`,
      hypothesis: "Taking most of the score from popularity raises conversion",
      layer: { name: "ranking" },
      variants: [{ key: "control", weight: 0.5 }, { key: "treatment", weight: 0.5, flags: { popularityBlend: 0.8 } }],
      primaryMetric: "conversion",
      guardrailMetrics: ["latency_ms"],
      observationWindowMs: 10 * HOUR_MS,
      plannedUsers: DEMO_PLANNED_USERS,
    },
    {
      key: `prefer-${run}`,
      hypothesis: `Shown both rankings together, users prefer production's to a rank-${WEAK_MODEL_RANK} model's`,
      layer: { name: "models", start: 1 - INTERLEAVING_LAYER_SHARE, end: 1 },
      // The treatment interleaves; the control keeps a few users for the sample-ratio check.
      variants: [{ key: "control", weight: 0.2, pool: "stable" }, { key: "treatment", weight: 0.8, interleave: { a: "stable", b: weakPool } }],
      primaryMetric: "conversion",
      guardrailMetrics: [],
      // 12 simulated hours (3 real minutes at 240×): about five lists a user, plenty to credit one ranking.
      observationWindowMs: 12 * HOUR_MS,
      plannedUsers: Math.round(DEMO_PLANNED_USERS * INTERLEAVING_LAYER_SHARE),
    },
  ] as const;
}
