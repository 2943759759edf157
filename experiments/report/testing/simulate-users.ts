/**
 * Seeded synthetic per-user rows for report tests. Each user has a persistent engagement
 * level that drives both the pre-exposure covariates and the outcomes, as in real traffic,
 * so CUPED has something to remove; treatment effects are multipliers or shifts per arm.
 */
import { gaussian } from "../../../shared/random/gaussian.ts";
import { mulberry32 } from "../../../shared/random/mulberry32.ts";
import type { UserRow } from "../experiment-report-input.ts";

/** One arm: its size and how it changes behaviour relative to the shared baseline. */
export type SimulatedArm = {
  readonly key: string;
  readonly users: number;
  /** Multiplies each user's per-request watch probability (1 = no effect). */
  readonly conversionFactor?: number;
  /** Multiplies minutes watched per watch. */
  readonly watchFactor?: number;
  /** Mean serving latency in ms (baseline 120). */
  readonly latencyMs?: number;
};

const DAY = 86_400_000;
const START = Date.UTC(2026, 9, 1);

/** Rows for `arms`, determined by `seed`; users are exposed over two weeks from 2026-10-01. */
export function simulateUsers(seed: number, arms: readonly SimulatedArm[]): UserRow[] {
  const random = mulberry32(seed);
  const rows: UserRow[] = [];
  for (const arm of arms) {
    for (let i = 0; i < arm.users; i++) {
      const engagement = Math.exp(0.6 * gaussian(random));
      const baseRate = Math.min(0.9, 0.15 * engagement);
      const rate = Math.min(0.95, baseRate * (arm.conversionFactor ?? 1));
      const watch = (r: number, factor: number) => {
        const requests = 1 + Math.floor(random() * 8);
        let conversions = 0, minutes = 0, ratingSum = 0;
        for (let k = 0; k < requests; k++) {
          if (random() >= r) continue;
          conversions++;
          minutes += Math.max(1, (30 + 30 * engagement) * factor + 15 * gaussian(random));
          ratingSum += Math.min(5, Math.max(1, Math.round(3.6 + 0.9 * gaussian(random))));
        }
        return { requests, conversions, minutes, ratingSum };
      };
      const pre = watch(baseRate, 1);
      const post = watch(rate, arm.watchFactor ?? 1);
      rows.push({
        userId: `${arm.key}-${i}`,
        variant: arm.key,
        exposures: post.requests + Math.floor(random() * 3),
        requests: post.requests,
        conversions: post.conversions,
        watchMinutes: post.minutes,
        ratingSum: post.ratingSum,
        ratingCount: post.conversions,
        latencyMsMean: Math.max(1, (arm.latencyMs ?? 120) + 25 * gaussian(random)),
        answers: post.requests,
        preConversion: pre.conversions / pre.requests,
        preWatchMinutes: pre.minutes,
        firstExposureAt: START + Math.floor(random() * 14 * DAY),
        windowClosed: true,
      });
    }
  }
  return rows;
}
