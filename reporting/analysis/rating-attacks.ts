/**
 * Shilling detection: per movie and sliding time window, the distinct new or
 * low-activity accounts that rated it high, against what the movie's popularity
 * predicts. Real low-activity raters spread over movies roughly as watching does;
 * a push attack piles fresh accounts onto one movie, usually an obscure one. The
 * score is a Poisson z-score, (count − expected) / √expected, with the expected
 * count = all low-activity high ratings in the window × the movie's smoothed share
 * of watch starts in the window and the hours before it (ratings follow watching:
 * a film everyone starts today is rated by many new users today, legitimately),
 * floored so an unwatched movie is not infinitely suspicious for one rating.
 */
import type { AnalysisInput } from "./analysis-input.ts";
import type { Finding } from "./finding.ts";
import { priorActivity } from "./prior-activity.ts";

/** Window, rating and account rules; see reporting/README.md for why these values. */
export const ATTACK_THRESHOLDS = {
  windowMs: 60 * 60_000,
  stepMs: 30 * 60_000,
  /** Ratings at or above this count as high. */
  highRating: 4,
  /** Accounts with at most this many earlier events are new or low-activity. */
  maxPriorActivity: 2,
  /** Distinct accounts needed in a window. */
  minAccounts: 5,
  /** Poisson z-score needed in a window. */
  minScore: 5,
  /** Watch starts this long before a window still explain its ratings (a film's runtime plus a pause). */
  watchLookbackMs: 3 * 60 * 60_000,
  /** Floor of the expected count. */
  minExpected: 0.5,
};
export type AttackThresholds = typeof ATTACK_THRESHOLDS;

/** One movie's suspicious span: flagged windows merged. */
export type RatingAttack = {
  readonly movieId: string;
  readonly from: string;
  readonly to: string;
  /** Distinct low-activity accounts that rated the movie high in the span. */
  readonly accounts: number;
  /** Of those, accounts that never started the movie before rating it. */
  readonly accountsWithoutWatch: number;
  /** Up to 20 account ids, smallest first. */
  readonly exampleAccounts: readonly number[];
  /** The best window's count, expected count and score. */
  readonly peakCount: number;
  readonly peakExpected: number;
  readonly score: number;
};

/** Windows examined, suspicious spans (highest score first) and the verdict. */
export type RatingAttackAnalysis = { readonly windows: number; readonly lowActivityHighRatings: number; readonly attacks: readonly RatingAttack[] } & Finding;

type Span = { start: number; end: number; accounts: Set<number>; peakCount: number; peakExpected: number; score: number };

/** Finds bursts of high ratings from new or low-activity accounts. */
export function detectRatingAttacks(input: AnalysisInput, thresholds: AttackThresholds = ATTACK_THRESHOLDS): RatingAttackAnalysis {
  const prior = priorActivity(input);
  const watchedAt = new Map<string, number>();
  for (const w of input.watches) watchedAt.set(`${w.userId}\u0000${w.movieId}`, w.time);
  const suspects = input.ratings.filter((r) => r.rating >= thresholds.highRating && prior(r.userId, r.time) <= thresholds.maxPriorActivity);
  const catalogueSize = new Set([...input.watches.map((w) => w.movieId), ...input.ratings.map((r) => r.movieId)]).size;
  const watchesBetween = (from: number, to: number) => {
    const counts = new Map<string, number>();
    let total = 0;
    for (const w of input.watches) {
      if (w.time < from || w.time >= to) continue;
      counts.set(w.movieId, (counts.get(w.movieId) ?? 0) + 1);
      total++;
    }
    return (movieId: string) => ((counts.get(movieId) ?? 0) + 1) / (total + catalogueSize);
  };

  const spans = new Map<string, Span[]>();
  let windows = 0;
  let first = 0;
  for (let start = input.from - thresholds.windowMs + thresholds.stepMs; start < input.to; start += thresholds.stepMs) {
    const end = start + thresholds.windowMs;
    windows++;
    while (first < suspects.length && suspects[first].time < start) first++;
    const byMovie = new Map<string, Set<number>>();
    let total = 0;
    for (let i = first; i < suspects.length && suspects[i].time < end; i++) {
      const r = suspects[i];
      total++;
      (byMovie.get(r.movieId) ?? byMovie.set(r.movieId, new Set()).get(r.movieId)!).add(r.userId);
    }
    const popularity = byMovie.size === 0 ? () => 0 : watchesBetween(start - thresholds.watchLookbackMs, end);
    for (const [movieId, accounts] of byMovie) {
      const expected = Math.max(thresholds.minExpected, total * popularity(movieId));
      const score = (accounts.size - expected) / Math.sqrt(expected);
      if (accounts.size < thresholds.minAccounts || score < thresholds.minScore) continue;
      const list = spans.get(movieId) ?? spans.set(movieId, []).get(movieId)!;
      const last = list[list.length - 1];
      if (last && start <= last.end) {
        last.end = end;
        for (const a of accounts) last.accounts.add(a);
        if (score > last.score) Object.assign(last, { score, peakCount: accounts.size, peakExpected: expected });
      } else {
        list.push({ start, end, accounts: new Set(accounts), peakCount: accounts.size, peakExpected: expected, score });
      }
    }
  }
  const attacks: RatingAttack[] = [...spans].flatMap(([movieId, list]) =>
    list.map((s) => {
      const ids = [...s.accounts].sort((a, b) => a - b);
      const withoutWatch = ids.filter((u) => {
        const watched = watchedAt.get(`${u}\u0000${movieId}`);
        return watched === undefined || watched > s.end;
      }).length;
      return {
        movieId, from: new Date(Math.max(s.start, input.from)).toISOString(), to: new Date(Math.min(s.end, input.to)).toISOString(),
        accounts: ids.length, accountsWithoutWatch: withoutWatch, exampleAccounts: ids.slice(0, 20),
        peakCount: s.peakCount, peakExpected: s.peakExpected, score: s.score,
      };
    })
  ).sort((a, b) => b.score - a.score || (a.movieId < b.movieId ? -1 : 1));
  const top = attacks[0];
  return {
    windows,
    lowActivityHighRatings: suspects.length,
    attacks,
    flagged: attacks.length > 0,
    reason: top
      ? `${attacks.length} suspicious span(s); worst: ${top.accounts} low-activity accounts rated ${top.movieId} ≥ ${thresholds.highRating} (peak ${top.peakCount} in one window against ${top.peakExpected.toFixed(2)} expected, score ${top.score.toFixed(1)})`
      : `no window with ≥ ${thresholds.minAccounts} low-activity accounts rating one movie ≥ ${thresholds.highRating} at score ≥ ${thresholds.minScore} (${suspects.length} such ratings in all)`,
  };
}
