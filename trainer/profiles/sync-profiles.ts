/**
 * Brings user_profiles up to date for the users of the event store: asks the user API for
 * users without a stored answer or with an old one, and stores what it says, batch by batch
 * so an interrupted run keeps what it fetched.
 */
import type postgres from "postgres";
import { fetchUserProfile, type ProfileAnswer } from "./fetch-user-profile.ts";
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

/** Runs one sync; throws only when the database fails. */
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
  };
  const batchSize = options.batchSize ?? 500;
  for (let start = 0; start < users.length; start += batchSize) {
    const batch = users.slice(start, start + batchSize);
    const answers: ProfileAnswer[] = await mapBounded(
      batch,
      options.concurrency,
      (userId) => fetchUserProfile(options.apiUrl, userId, options),
    );
    await storeProfileAnswers(sql, answers, new Date(options.now()));
    summary.asked += answers.length;
    for (const answer of answers) {
      if (answer.kind === "profile") summary.profiles++;
      else summary[answer.kind]++;
      if (answer.kind === "failed") summary.firstFailure ??= answer.reason;
    }
    // A batch without one answer means the API is down: asking the rest would only wait.
    if (answers.every((a) => a.kind === "failed")) {
      summary.stopped = `no answer from the user API ${options.apiUrl} in a batch of ${batch.length}`;
      break;
    }
  }
  return summary;
}
