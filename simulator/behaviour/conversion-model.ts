/**
 * How a served list turns into a watch: the user scans the list top-down (a
 * cascade), looks at position i with a probability that falls with the position,
 * and starts a movie it looks at with a probability that rises with true
 * affinity; the first movie started ends the scan. A list's conversion
 * probability is therefore 1 − Π(1 − view(i)·accept(item i)).
 */

/** Affinity at which a user who looks at a movie starts it half the time. */
export const ACCEPT_MIDPOINT = 2.5;
/** Steepness of acceptance around the midpoint. */
export const ACCEPT_SLOPE = 2.0;
/** Chance of looking at the first position; later positions fall as 1/(i+1)^VIEW_DECAY. */
export const VIEW_TOP = 0.4;
export const VIEW_DECAY = 0.8;
/** A movie the user has already watched is started again this much less often. */
export const REWATCH_FACTOR = 0.1;

/** Probability that a user who looks at a movie of this affinity starts it. */
export function acceptance(affinity: number, seen = false): number {
  const p = 1 / (1 + Math.exp(-ACCEPT_SLOPE * (affinity - ACCEPT_MIDPOINT)));
  return seen ? p * REWATCH_FACTOR : p;
}

/** Probability that a user looks at list position `position` (0-based). */
export function viewProbability(position: number): number {
  return VIEW_TOP / (position + 1) ** VIEW_DECAY;
}
