/**
 * The `analysis` report: feedback loops, fairness and rating attacks over one
 * period, each with its verdict. Fairness needs user attributes, which live
 * outside the event store; when they could not be had the section says why
 * instead of holding back the rest.
 */
import type { AnalysisInput } from "./analysis-input.ts";
import { analyseFairness, type FairnessAnalysis } from "./fairness-by-group.ts";
import { analyseFeedbackLoop, type FeedbackLoopAnalysis } from "./feedback-loop.ts";
import { detectRatingAttacks, type RatingAttackAnalysis } from "./rating-attacks.ts";
import type { UserAttributeSource } from "./user-attributes.ts";

/** The whole report, as `--json` prints it. */
export type AnalysisReport = {
  readonly report: "analysis";
  readonly from: string;
  readonly to: string;
  readonly counts: { readonly recommendations: number; readonly watches: number; readonly ratings: number };
  readonly flagged: boolean;
  readonly feedbackLoop: FeedbackLoopAnalysis;
  readonly fairness: (FairnessAnalysis & { readonly status: "ok"; readonly source: string }) | { readonly status: "unavailable"; readonly flagged: false; readonly reason: string };
  readonly attacks: RatingAttackAnalysis;
};

/** Runs every analysis over `input`. */
export function buildAnalysisReport(input: AnalysisInput, attributes: UserAttributeSource): AnalysisReport {
  const feedbackLoop = analyseFeedbackLoop(input);
  const attacks = detectRatingAttacks(input);
  const fairness = attributes.status === "ok"
    ? { status: "ok" as const, source: attributes.source, ...analyseFairness(input, attributes.users) }
    : { status: "unavailable" as const, flagged: false as const, reason: `fairness not analysed: ${attributes.reason}` };
  return {
    report: "analysis",
    from: new Date(input.from).toISOString(),
    to: new Date(input.to).toISOString(),
    counts: { recommendations: input.recommendations.length, watches: input.watches.length, ratings: input.ratings.length },
    flagged: feedbackLoop.flagged || fairness.flagged || attacks.flagged,
    feedbackLoop,
    fairness,
    attacks,
  };
}
