/**
 * What the load generator's requests came to during one fault: how many, how many
 * failed, and the slowest. Pure: the records come from load-generator.ts.
 */
import { parseAnswer } from "../../shared/recommendation/answer-format.ts";

/** One request of the load generator, timed on one monotonic clock (ms). */
export type RequestRecord = {
  readonly startedAt: number;
  /** Until the answer was read, or until the client gave up. */
  readonly latencyMs: number;
  readonly ok: boolean;
};

/** How an answer went: served, or why it counts as failed. */
export type AnswerVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * A request failed when it got no HTTP answer (refused, reset, timed out), a status
 * other than 200, or a 200 whose body is not 1–20 distinct movie ids. A fallback list
 * is an answer like any other.
 */
export function judgeAnswer(answer: { readonly status: number; readonly body: string } | { readonly error: string }): AnswerVerdict {
  if ("error" in answer) return { ok: false, reason: `no answer: ${answer.error}` };
  if (answer.status !== 200) return { ok: false, reason: `status ${answer.status}` };
  const parsed = parseAnswer(answer.body);
  return parsed.ok ? { ok: true } : { ok: false, reason: parsed.reason };
}

/** The figures of one fault's window. */
export type RequestTally = { readonly requests: number; readonly failed: number; readonly max_latency_ms: number };

/** Tallies the requests started in [from, to). */
export function tallyRequests(records: readonly RequestRecord[], from: number, to: number): RequestTally {
  let requests = 0;
  let failed = 0;
  let max = 0;
  for (const r of records) {
    if (r.startedAt < from || r.startedAt >= to) continue;
    requests++;
    if (!r.ok) failed++;
    if (r.latencyMs > max) max = r.latencyMs;
  }
  return { requests, failed, max_latency_ms: Math.round(max) };
}

/** Failed requests started in [from, to), counted by reason, most frequent first. */
export function failureReasons(failures: readonly { readonly startedAt: number; readonly reason: string }[], from: number, to: number): [string, number][] {
  const counts = new Map<string, number>();
  for (const f of failures) if (f.startedAt >= from && f.startedAt < to) counts.set(f.reason, (counts.get(f.reason) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}
