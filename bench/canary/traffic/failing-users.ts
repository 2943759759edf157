/**
 * Clustered failures: a share of users for whom every request fails (a corrupt profile,
 * a bad cache shard, a client that sends what the model cannot score), in both arms
 * alike. Which users fail is fixed for a day and drawn afresh the next. Failures then
 * come in per-user clusters, so counting requests as if independent overstates the
 * evidence of any difference between arms.
 */

const DAY_MS = 86_400_000;

/** Whether `user` fails every request on the day of `time`, for `share` of users; a pure function of its inputs. */
export function isFailingUser(seed: number, user: number, time: number, share: number): boolean {
  if (share <= 0) return false;
  const day = Math.floor(time / DAY_MS);
  return uniformOf(seed, user, day) < share;
}

/** A uniform number in [0, 1) from three integers (murmur3's 32-bit finaliser over a mix of them). */
function uniformOf(seed: number, user: number, day: number): number {
  let h = (seed ^ Math.imul(user, 0x9e3779b1) ^ Math.imul(day, 0x85ebca77)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}
