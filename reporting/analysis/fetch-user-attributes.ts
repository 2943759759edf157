/**
 * User attributes from the course's user API (`GET <base>/user/<id>`), fetched
 * with bounded concurrency, a per-request timeout and a cache shared across
 * calls. An unknown user (404, or a body that fails validation) is simply left
 * out; when the API cannot be reached at all the result says so instead of
 * throwing, so the rest of the report still runs.
 */
import { fetchUserProfile } from "../../infra/users/fetch-user-profile.ts";
import type { UserAttributes, UserAttributeSource } from "./user-attributes.ts";

/** How the fetcher behaves; every field has a default. */
export type FetchUserOptions = {
  readonly concurrency?: number;
  readonly timeoutMs?: number;
  /** Above this many users, an evenly spread sample of ids is fetched. */
  readonly maxUsers?: number;
  readonly fetch?: typeof fetch;
  /** Answers already known (null: the API does not know the user). */
  readonly cache?: Map<number, UserAttributes | null>;
};

/** Consecutive unreachable answers, before any success, after which the API counts as down. */
const GIVE_UP_AFTER = 5;

/** Every `step`-th id of the sorted list, so a sample spreads over old and new accounts. */
function spreadSample(ids: readonly number[], max: number): number[] {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  if (sorted.length <= max) return sorted;
  const step = sorted.length / max;
  return Array.from({ length: max }, (_, i) => sorted[Math.floor(i * step)]);
}

/** Attributes of `userIds` from the API at `baseUrl`. */
export async function fetchUserAttributes(baseUrl: string, userIds: readonly number[], options: FetchUserOptions = {}): Promise<UserAttributeSource> {
  const doFetch = options.fetch ?? fetch;
  const cache = options.cache ?? new Map<number, UserAttributes | null>();
  const ids = spreadSample(userIds, options.maxUsers ?? 5000);
  const base = baseUrl.replace(/\/+$/, "");
  let next = 0;
  let reached = 0;
  let unreachable = 0;
  let lastError = "";
  const one = async (id: number): Promise<void> => {
    if (cache.has(id)) return void reached++;
    const answer = await fetchUserProfile(base, id, { fetch: doFetch, timeoutMs: options.timeoutMs ?? 2000 });
    if (answer.kind === "failed") {
      unreachable++;
      lastError = answer.reason;
      return;
    }
    reached++;
    // Unknown or malformed: the API answered, and this user is left out.
    cache.set(id, answer.kind === "profile" ? answer.profile : null);
  };
  const worker = async () => {
    while (next < ids.length) {
      if (reached === 0 && unreachable >= GIVE_UP_AFTER) return;
      await one(ids[next++]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
  if (reached === 0 && ids.length > 0) return { status: "unavailable", reason: `user API (USER_API_URL or --user-api) unreachable (${lastError})` };
  const users = new Map<number, UserAttributes>();
  for (const id of ids) {
    const user = cache.get(id);
    if (user) users.set(id, user);
  }
  const sampled = ids.length < new Set(userIds).size ? `, a sample of ${ids.length} users` : "";
  const failed = unreachable > 0 ? `, ${unreachable} requests failed` : "";
  return { status: "ok", users, source: `${base}${sampled}${failed}` };
}
