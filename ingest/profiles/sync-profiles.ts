/**
 * Brings user_profiles up to date for the users of the event store: asks the user API for
 * users without a stored answer or with an old one, and stores what it says, batch by batch
 * so an interrupted run keeps what it fetched.
 */
import type postgres from "postgres";
import { fetchUserProfile, type ProfileAnswer } from "../../infra/users/fetch-user-profile.ts";
import { mapBounded } from "./map-bounded.ts";
import { storeProfileAnswers, usersNeedingProfiles } from "./profile-store.ts";

/** What a run did; `stopped` says why it ended early (null: every user was asked). */
export type SyncSummary = {
  asked: number;
  profiles: number;
  unknown: number;
  malformed: number;
  failed: number;
  stopped: string | null;
  /** The first failure, to say what went wrong without logging each. */
  firstFailure: string | null;
  /**
   * Answers the database refused, each recorded as `store_refused: <its words>` instead.
   * Last: `--json` prints the keys in this order, and operators' scripts read the others.
   */
  refused: number;
};

export type SyncOptions = {
  apiUrl: string;
  fetch: typeof fetch;
  now: () => number;
  maxAgeMs: number;
  concurrency: number;
  timeoutMs: number;
  limit: number | null;
  /** Users asked, then stored, per batch. */
  batchSize?: number;
};

/** Runs one sync; throws only when the database is unavailable (a refused row is recorded, not thrown). */
export async function syncProfiles(sql: postgres.Sql, options: SyncOptions): Promise<SyncSummary> {
  const users = await usersNeedingProfiles(sql, {
    staleBefore: new Date(options.now() - options.maxAgeMs),
    limit: options.limit,
  });
  const summary: SyncSummary = {
    asked: 0,
    profiles: 0,
    unknown: 0,
    malformed: 0,
    failed: 0,
    stopped: null,
    firstFailure: null,
    refused: 0,
  };
  const batchSize = options.batchSize ?? 500;
  for (let start = 0; start < users.length; start += batchSize) {
    const batch = users.slice(start, start + batchSize);
    const answers: ProfileAnswer[] = await mapBounded(
      batch,
      options.concurrency,
      (userId) => fetchUserProfile(options.apiUrl, userId, options),
    );
    const refusals = await storeProfileAnswers(sql, answers, new Date(options.now()));
    const refused = new Map(refusals.map((r) => [r.userId, r]));
    summary.asked += answers.length;
    for (const answer of answers) {
      const refusal = refused.get(answer.userId);
      if (refusal === undefined) {
        if (answer.kind === "profile") summary.profiles++;
        else summary[answer.kind]++;
        if (answer.kind === "failed") summary.firstFailure ??= answer.reason;
      } else if (refusal.unrecorded === null) {
        summary.refused++;
      } else {
        // Nothing stored for the user: a failure like any other, asked again next run.
        summary.failed++;
        summary.firstFailure ??= `user ${refusal.userId}: ${refusal.reason}; ` +
          `the row recording that was refused too: ${refusal.unrecorded}`;
      }
    }
    // A batch without one answer means the API is down: asking the rest would only wait.
    if (answers.every((a) => a.kind === "failed")) {
      summary.stopped = `no answer from the user API (USER_API_URL) in a batch of ${batch.length}`;
      break;
    }
  }
  return summary;
}
