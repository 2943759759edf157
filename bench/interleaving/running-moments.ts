/**
 * Count, mean and variance of a stream of per-user values, updated one user at a time
 * (Welford), so a sequential test can look after every user without re-reading them.
 * Gives the same SampleMoments as shared/stats/sample-moments.ts over the same values.
 */
import type { SampleMoments } from "../../shared/stats/sample-moments.ts";

/** A growing sample's moments. */
export class RunningMoments {
  #n = 0;
  #mean = 0;
  #m2 = 0;

  /** Adds one value. */
  add(x: number): void {
    this.#n++;
    const delta = x - this.#mean;
    this.#mean += delta / this.#n;
    this.#m2 += delta * (x - this.#mean);
  }

  /** The moments so far (mean NaN when empty, variance 0 under two values). */
  moments(): SampleMoments {
    return { n: this.#n, mean: this.#n > 0 ? this.#mean : NaN, variance: this.#n > 1 ? this.#m2 / (this.#n - 1) : 0 };
  }
}
