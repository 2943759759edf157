/**
 * Sends a recommendation request to a pool's workers: the next available worker in
 * rotation, then one retry on another, all within the caller's deadline. Each answer is
 * validated; a failure, timeout or bad answer counts against the worker's health.
 */
import { parseAnswer } from "../shared/recommendation/answer-format.ts";
import type { Flags, Pool } from "../shared/rules/index.ts";
import type { UpstreamGet } from "./upstream/upstream-get.ts";
import type { UpstreamHealth } from "./upstream-health.ts";
import { errorMessage } from "../infra/log/logger.ts";

export type ForwardRequest = {
  poolName: string;
  pool: Pool;
  userId: number;
  flags: Flags;
  requestId: string;
  /** Epoch ms by which the answer must be in hand. */
  deadline: number;
};

/** A worker's validated answer, or why none was usable (every attempt's reason). */
export type ForwardResult =
  | { ok: true; items: string[]; modelVersion: string; upstream: string; attempts: number }
  | { ok: false; reasons: string[]; attempts: number };

export type Forwarder = (request: ForwardRequest) => Promise<ForwardResult>;

const MAX_ATTEMPTS = 2;
/** Below this, an attempt cannot succeed; answer from the fallback instead. */
const MIN_ATTEMPT_MS = 5;
const MODEL_VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

function failureReason(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === "TimeoutError") {
    return `no answer within ${timeoutMs} ms`;
  }
  return errorMessage(error);
}

/** A forwarder over an upstream client (router/upstream: keep-alive HTTP/1.1, or fetch). */
export function createForwarder(deps: {
  get: UpstreamGet;
  health: UpstreamHealth;
  now: () => number;
}): Forwarder {
  const rotation = new Map<string, number>();

  function candidates(request: ForwardRequest): string[] {
    const urls = request.pool.urls;
    const start = (rotation.get(request.poolName) ?? 0) % urls.length;
    rotation.set(request.poolName, (start + 1) % urls.length);
    const now = deps.now();
    const chosen: string[] = [];
    for (let i = 0; i < urls.length && chosen.length < MAX_ATTEMPTS; i++) {
      const url = urls[(start + i) % urls.length];
      if (deps.health.isAvailable(url, now)) chosen.push(url);
    }
    return chosen;
  }

  async function attempt(url: string, request: ForwardRequest, timeoutMs: number) {
    const base = url.endsWith("/") ? url.replace(/\/+$/, "") : url;
    const target = `${base}/recommend/${request.userId}`;
    const response = await deps.get(target, {
      headers: { "X-Request-Id": request.requestId, "X-Flags": JSON.stringify(request.flags) },
      timeoutMs,
    });
    const body = response.body;
    if (response.status !== 200) {
      return { ok: false as const, reason: `${url}: status ${response.status}` };
    }
    const answer = parseAnswer(body);
    if (!answer.ok) return { ok: false as const, reason: `${url}: ${answer.reason}` };
    const header = response.headers.get("x-model-version");
    const modelVersion = header && MODEL_VERSION.test(header) ? header : request.pool.modelVersion;
    return { ok: true as const, items: answer.items, modelVersion };
  }

  return async (request) => {
    const urls = candidates(request);
    if (urls.length === 0) {
      return { ok: false, reasons: [`pool ${request.poolName}: no available worker`], attempts: 0 };
    }
    const reasons: string[] = [];
    for (const [i, url] of urls.entries()) {
      const remaining = request.deadline - deps.now();
      if (remaining < MIN_ATTEMPT_MS) {
        reasons.push("latency budget spent");
        break;
      }
      // Leave the retry half of the time, so one slow worker cannot spend the whole budget.
      const timeoutMs = Math.floor(i + 1 < urls.length ? remaining / 2 : remaining);
      const result = await attempt(url, request, timeoutMs).catch((error) => ({
        ok: false as const,
        reason: `${url}: ${failureReason(error, timeoutMs)}`,
      }));
      if (result.ok) {
        deps.health.recordSuccess(url);
        return { ...result, upstream: url, attempts: i + 1 };
      }
      deps.health.recordFailure(url, deps.now());
      reasons.push(result.reason);
    }
    return { ok: false, reasons, attempts: reasons.length };
  };
}
