import { chooseVariation, getBucketRanges, hash, inNamespace } from "../bucketing/index.ts";
import type { Experiment } from "./experiment.ts";
import { selectsUser, type UserAttributes } from "./user-selector.ts";
import type { Variant } from "./variant.ts";

/**
 * The variant a user gets in an experiment, or null when the experiment is not running,
 * does not target the user, the user is outside its namespace slice, or outside its coverage.
 * Sticky: the same user, seed, weights and coverage always give the same variant.
 * `attributes` is the user's profile (undefined: not known).
 */
export function assignVariant(
  experiment: Experiment,
  userId: number,
  attributes?: UserAttributes,
): Variant | null {
  if (experiment.status !== "running") return null;
  if (experiment.targeting && !selectsUser(experiment.targeting, userId, attributes)) return null;
  const id = String(userId);
  if (experiment.namespace && !inNamespace(id, experiment.namespace)) return null;
  const n = hash(experiment.seed, id, 2);
  if (n === null) return null;
  const weights = experiment.variants.map((v) => v.weight);
  const index = chooseVariation(
    n,
    getBucketRanges(experiment.variants.length, experiment.coverage, weights),
  );
  return index < 0 ? null : experiment.variants[index];
}
