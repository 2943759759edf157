/** Standard normal draws from a seeded uniform generator. */
import type { Random } from "./mulberry32.ts";

/** Draws a standard normal number from `random` (Box–Muller). */
export function gaussian(random: Random): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
