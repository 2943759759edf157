/**
 * Small generated recordings for the replay's tests: router telemetry of two arms in
 * every format version the product has written (telemetryLine), and the movielog of the same
 * requests with the watches that convert some of them. Deterministic for a seed.
 */
import { writeFileSync } from "node:fs";
import { formatLine } from "../../../shared/movielog/format-line.ts";
import { mulberry32 } from "../../../shared/random/mulberry32.ts";
import type { MovielogEvent } from "../../../shared/movielog/events.ts";
import { TELEMETRY_FORMAT_VERSION } from "../../../shared/telemetry/index.ts";

export type RecordingShape = {
  /** Epoch ms of the first request. */
  readonly start: number;
  readonly minutes: number;
  readonly users: number;
  /**
   * The canary's share of users over time, as a release's steps widen it: from `fromMs`
   * after the start, users whose bucket ((userId × 37) mod 100) is below `percent`.
   */
  readonly canary: readonly { readonly fromMs: number; readonly percent: number }[];
  /** Share of canary requests answered 500 from `brokenFromMs` after the start on (0: healthy). */
  readonly canaryErrorRate: number;
  readonly brokenFromMs: number;
  /**
   * How a failed canary request reaches the user: a 500, or (as the router answers a
   * worker that failed it) the fallback list, logged under the pool the rules chose.
   */
  readonly failAs?: "error" | "fallback";
  /** Chance that a shown list converts (its first movie is started 30 s later), both arms. */
  readonly conversion: number;
  readonly seed: number;
};

export const HEALTHY: Omit<RecordingShape, "start"> = {
  minutes: 15, users: 600, canary: [{ fromMs: 0, percent: 20 }], canaryErrorRate: 0, brokenFromMs: 0, conversion: 0.8, seed: 7,
};

/**
 * One event as routers of each format wrote it: 0 format 1; 1 format 2 unsigned; 2 format 2
 * signed by a router whose key the reader does not have; 3 the current format, unsigned.
 */
function telemetryLine(form: number, common: Record<string, unknown>): Record<string, unknown> {
  if (form === 0) return { formatVersion: 1, ...common };
  if (form === 1 || form === 2) return { formatVersion: 2, ...common, clientRequestId: null, signature: form === 1 ? null : "ab".repeat(32) };
  // Format 3 added the interleaving (null: the request was not interleaved).
  const added = TELEMETRY_FORMAT_VERSION >= 3 ? { interleaving: null } : {};
  return { formatVersion: TELEMETRY_FORMAT_VERSION, ...common, clientRequestId: null, signature: null, ...added };
}

/** The telemetry lines and movielog lines of a recording, in time order. */
export function generateRecording(shape: RecordingShape): { telemetry: string[]; movielog: string[] } {
  const next = mulberry32(shape.seed);
  const requests: { time: number; userId: number; canary: boolean; k: number }[] = [];
  for (let minute = 0; minute < shape.minutes; minute++) {
    for (let userId = 1; userId <= shape.users; userId++) {
      // Each user asks once a minute, at their own second.
      const time = shape.start + minute * 60_000 + ((userId * 997) % 60_000);
      const percent = shape.canary.findLast((c) => c.fromMs <= time - shape.start)?.percent ?? 0;
      requests.push({ time, userId, canary: (userId * 37) % 100 < percent, k: minute });
    }
  }
  requests.sort((a, b) => a.time - b.time);
  const telemetry: string[] = [];
  const stream: MovielogEvent[] = [];
  requests.forEach(({ time, userId, canary, k }, i) => {
    const failed = canary && time - shape.start >= shape.brokenFromMs && next() < shape.canaryErrorRate;
    const fallback = failed && shape.failAs === "fallback";
    const errored = failed && !fallback;
    const items = errored ? [] : fallback ? ["popular+1", "popular+2", "popular+3"] : [`movie+${userId}+${k}+a`, `movie+${userId}+${k}+b`, `movie+${userId}+${k}+c`];
    const latencyMs = 15 + Math.floor(next() * 30);
    const common = {
      requestId: `req-${shape.seed}-${i}`, time, userId, status: errored ? 500 : 200, latencyMs,
      pool: canary ? "canary" : "stable", modelVersion: fallback ? "fallback" : canary ? "m2" : "m1", rulesVersion: 3,
      assignments: [], items, fallback, fallbackReason: fallback ? "no_worker_answer" : null,
    };
    telemetry.push(JSON.stringify(telemetryLine(i % 4, common)));
    stream.push({
      kind: "recommendation", time, userId, server: "router:8082", status: errored ? 500 : 200, items,
      error: errored ? "internal error" : null, latencyMs,
    });
    if (!failed && next() < shape.conversion) stream.push({ kind: "watch", time: time + 30_000, userId, movieId: items[0], minute: 0 });
  });
  stream.sort((a, b) => a.time - b.time);
  return { telemetry, movielog: stream.map(formatLine) };
}

/** Writes a recording's two files; returns their paths. */
export function writeRecording(dir: string, name: string, lines: { telemetry: string[]; movielog: string[] }): { telemetry: string; movielog: string } {
  const telemetry = `${dir}/${name}.telemetry.jsonl`;
  const movielog = `${dir}/${name}.stream.log`;
  writeFileSync(telemetry, lines.telemetry.join("\n") + "\n");
  writeFileSync(movielog, lines.movielog.join("\n") + "\n");
  return { telemetry, movielog };
}
