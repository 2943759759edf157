/** Per-user moments from per-user values: the caller's half of "the user is the unit". */
import type { UserMoments } from "./arm-stats.ts";

/** Mean and sample variance of one value per user (Welford, stable for large counts). */
export function userMoments(values: Iterable<number>): UserMoments {
  let users = 0;
  let mean = 0;
  let squares = 0;
  for (const x of values) {
    users++;
    const delta = x - mean;
    mean += delta / users;
    squares += delta * (x - mean);
  }
  return { users, mean, variance: users < 2 ? 0 : Math.max(0, squares / (users - 1)) };
}
