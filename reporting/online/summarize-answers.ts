/**
 * What the router served in the telemetry window, per source (model version or
 * fallback): requests, users, the distinct movies answered and their share of the
 * day's catalogue. A fallback answer carries no model version, so a version's
 * fallback share charges it the fallbacks of the pool it was serving: each
 * fallback goes to the version its pool answered with nearest in time that day.
 * Fallbacks without a pool (no rules) or in a pool no model answered in stay with
 * the fallback row only.
 */
import { answerSource, FALLBACK } from "../../measurement/attribution/answer-source.ts";
import type { RouterAnswer } from "./online-input.ts";

export type AnswerSummary = {
  readonly requests: number;
  readonly users: number;
  /** Distinct movies answered. */
  readonly items: number;
  /** items / the catalogue seen that day; null with an empty catalogue. */
  readonly coverage: number | null;
  /** Fallback answers in the pools this version served (for the fallback row: all of them). */
  readonly fallbacks: number;
  /** fallbacks / (requests + fallbacks) for a version, fallbacks / all answers for the fallback row; null without answers. */
  readonly fallbackShare: number | null;
};

/** Summaries by source; `catalogue` is the number of movies seen that day. */
export function summarizeAnswers(answers: readonly RouterAnswer[], catalogue: number): Map<string, AnswerSummary> {
  const groups = new Map<string, RouterAnswer[]>();
  for (const a of answers) {
    const source = answerSource(a);
    (groups.get(source) ?? groups.set(source, []).get(source)!).push(a);
  }
  const charged = chargeFallbacks(answers);
  const summaries = new Map<string, AnswerSummary>();
  for (const [source, group] of groups) {
    const items = new Set(group.flatMap((a) => a.items)).size;
    const isFallback = source === FALLBACK;
    const fallbacks = isFallback ? group.length : charged.get(source) ?? 0;
    const base = isFallback ? answers.length : group.length + fallbacks;
    summaries.set(source, {
      requests: group.length,
      users: new Set(group.map((a) => a.userId)).size,
      items,
      coverage: catalogue === 0 ? null : items / catalogue,
      fallbacks,
      fallbackShare: base === 0 ? null : fallbacks / base,
    });
  }
  return summaries;
}

/** Fallback answers per model version, charged through their pool (ties go to the earlier answer). */
function chargeFallbacks(answers: readonly RouterAnswer[]): Map<string, number> {
  const modelAnswersByPool = new Map<string, RouterAnswer[]>();
  for (const a of answers) {
    if (a.pool === null || answerSource(a) === FALLBACK) continue;
    (modelAnswersByPool.get(a.pool) ?? modelAnswersByPool.set(a.pool, []).get(a.pool)!).push(a);
  }
  const charged = new Map<string, number>();
  for (const a of answers) {
    if (a.pool === null || answerSource(a) !== FALLBACK) continue;
    let best: RouterAnswer | null = null;
    for (const m of modelAnswersByPool.get(a.pool) ?? []) {
      const d = Math.abs(m.time - a.time);
      const bestD = best === null ? Infinity : Math.abs(best.time - a.time);
      if (d < bestD || (d === bestD && best !== null && m.time < best.time)) best = m;
    }
    if (best !== null) charged.set(answerSource(best), (charged.get(answerSource(best)) ?? 0) + 1);
  }
  return charged;
}
