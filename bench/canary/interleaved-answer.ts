/**
 * One answer of the canary's interleaved route, as the router serves it
 * (router/forward-interleaved.ts) and the site shows it. Both pools are asked at once:
 * when both answer, their lists are merged by team draft and the answer waits for the
 * slower one; when one fails, the other's list is the answer, not interleaved (it credits
 * nobody); it fails only when both do. The answer counts as the canary's in telemetry.
 *
 * Credit, simply: a merged list holds half of each ranker's picks, and the user's watch
 * comes from one half or the other with equal chance; that half converts as its own
 * ranker's list would for this user (the scenario's conversion model, drawn for each arm
 * by drawRequest). So a list converts with probability p·(1 + f)/2 and, when it does,
 * credits the candidate (team B) with probability q = f/(1 + f), where p is the user's
 * propensity and f the canary's conversionFactor: q = 1/2 without a quality effect, and
 * 0.85/1.85 ≈ 0.459 for a 15% drop. One effect drives both the conversion comparison and
 * the preference test. A list credits at most one team; ties come from users whose lists
 * credit each team equally.
 */
import type { Random } from "../../shared/random/mulberry32.ts";
import { isSiteTimeout } from "../../measurement/site-timeout.ts";
import type { RequestOutcome } from "./traffic/draw-request.ts";

/** The team a shown list's watch credits (A: stable, B: the candidate), or null: no credit, or not a merged list. */
export type ListCredit = "A" | "B" | null;

/** Whether the site showed a merged list (a list of both rankers), and whom it credits. */
export type InterleavedAnswer = { readonly merged: boolean; readonly credit: ListCredit };

/**
 * Fills `out` with the interleaved answer of `stable`'s and `candidate`'s outcomes for
 * one request (each drawn for its own arm), and says whether its list was merged and shown
 * and which team it credits.
 */
export function interleavedAnswer(out: RequestOutcome, stable: RequestOutcome, candidate: RequestOutcome, random: Random): InterleavedAnswer {
  const stableOk = stable.status === 200, candidateOk = candidate.status === 200;
  const both = stableOk === candidateOk;
  // Both answered or both failed: the router waited for the slower; otherwise the one that answered.
  const answered = both ? (stable.latencyMs >= candidate.latencyMs ? stable : candidate) : stableOk ? stable : candidate;
  out.status = stableOk || candidateOk ? 200 : 500;
  out.latencyMs = answered.latencyMs;
  out.shown = out.status === 200 && !isSiteTimeout(out.latencyMs);
  const merged = out.shown && stableOk && candidateOk;
  // The half the user's watch comes from: a merged list's teams, equally likely; a single pool's own list.
  const source = merged ? (random() < 0.5 ? candidate : stable) : answered;
  out.converted = out.shown && source.converted;
  out.watchMinutes = out.converted ? source.watchMinutes : 0;
  out.rating = out.converted ? source.rating : 0;
  const credit: ListCredit = merged && out.converted ? (source === candidate ? "B" : "A") : null;
  return { merged, credit };
}
