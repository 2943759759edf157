/**
 * The `online` report: per model version served in the window, what the router
 * served (telemetry, wall clock) and what users then did with the lists the site
 * logged (the stream, its own clock), beside the version's offline metrics, and
 * whether offline and online rank the versions the same way. Fallback answers are
 * a row of their own; lists no answer matches are counted as unattributed.
 */
import { FALLBACK } from "../../measurement/attribution/answer-source.ts";
import { attributeLists } from "../../measurement/attribution/attribute-lists.ts";
import { listOutcomes, type ListOutcome } from "./list-outcomes.ts";
import type { OfflineMetrics, OnlineInput } from "./online-input.ts";
import { type RankAgreement, rankAgreement } from "./rank-agreement.ts";
import { type AnswerSummary, summarizeAnswers } from "./summarize-answers.ts";
import { type BehaviourSummary, summarizeBehaviour } from "./summarize-behaviour.ts";

const NO_ANSWERS: AnswerSummary = { requests: 0, users: 0, items: 0, coverage: null, fallbacks: 0, fallbackShare: null };

/** One model version's row. */
export type VersionQuality = {
  readonly version: string;
  /** Telemetry window: what the router served. */
  readonly served: AnswerSummary;
  /** Stream window: judged lists attributed to this version. */
  readonly online: BehaviourSummary;
  /** From the registry manifest; null when the registry does not know the version. */
  readonly offline: OfflineMetrics | null;
};

/** The whole report, as `--json` prints it. */
export type OnlineReport = {
  readonly report: "online";
  readonly day: string | null;
  readonly telemetry: { readonly from: string; readonly to: string };
  readonly stream: { readonly from: string; readonly to: string; readonly judgedTo: string };
  readonly conversionWindowMs: number;
  /** How each source's window is read, and why they may not cover the same real time. */
  readonly clocks: string;
  /** Movies seen that day: answered by the router, or recommended, watched or rated in the stream. */
  readonly catalogue: number;
  /** Model versions, by requests served (most first), then name. */
  readonly versions: VersionQuality[];
  readonly fallback: { readonly served: AnswerSummary; readonly online: BehaviourSummary };
  /** Judged lists no router answer matched (same user, identical items). */
  readonly unattributed: BehaviourSummary;
  readonly ranking: RankAgreement;
};

const iso = (ms: number) => new Date(ms).toISOString();

/** Builds the report from `input`. */
export function buildOnlineReport(input: OnlineInput): OnlineReport {
  const catalogue = new Set([...input.streamMovies, ...input.answers.flatMap((a) => a.items)]).size;
  const served = summarizeAnswers(input.answers, catalogue);
  const sources = attributeLists(input.shown, input.candidates);
  const outcomes = listOutcomes(input.shown, input.watches, input.ratings, input.conversionWindowMs, input.stream.judgedTo + input.conversionWindowMs);
  const bySource = new Map<string | null, { userId: number; outcome: ListOutcome }[]>();
  input.shown.forEach((list, i) => {
    const source = sources[i];
    (bySource.get(source) ?? bySource.set(source, []).get(source)!).push({ userId: list.userId, outcome: outcomes[i] });
  });
  const behaviour = (source: string | null) => summarizeBehaviour(bySource.get(source) ?? []);

  const versionNames = new Set<string>([...served.keys(), ...sources.filter((s): s is string => s !== null)]);
  versionNames.delete(FALLBACK);
  const versions = [...versionNames].map((version): VersionQuality => ({
    version,
    served: served.get(version) ?? NO_ANSWERS,
    online: behaviour(version),
    offline: input.offline[version] ?? null,
  })).sort((a, b) => b.served.requests - a.served.requests || (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));

  return {
    report: "online",
    day: input.day,
    telemetry: { from: iso(input.telemetry.from), to: iso(input.telemetry.to) },
    stream: { from: iso(input.stream.from), to: iso(input.stream.to), judgedTo: iso(input.stream.judgedTo) },
    conversionWindowMs: input.conversionWindowMs,
    clocks: clocksNote(input),
    catalogue,
    versions,
    fallback: { served: served.get(FALLBACK) ?? NO_ANSWERS, online: behaviour(FALLBACK) },
    unattributed: behaviour(null),
    ranking: rankAgreement(versions.map((v) => ({ version: v.version, offline: v.offline?.ndcg ?? null, online: v.online.conversionPerList }))),
  };
}

function clocksNote(input: OnlineInput): string {
  const day = input.day === null ? "The window is read as given" : `The day ${input.day} is read from 00:00 to 24:00 UTC`;
  const judged = input.stream.judgedTo < input.stream.to
    ? ` Lists from ${iso(input.stream.judgedTo)} on are not judged yet: their conversion window reaches past the stream's end.`
    : "";
  return `${day}: telemetry on the router's wall clock, behaviour (the site's lists, watches and ratings) on the stream's own clock, which runs ahead of the wall clock in a sped-up simulation. A list is attributed to the router's answer to the same user with identical items nearest in time, whenever that answer was given.${judged}`;
}
