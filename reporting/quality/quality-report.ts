/**
 * The data-quality report: what ingestion saw in a time window (counts per kind,
 * rejections by reason and by category, duplicates, late events), what the store
 * holds for it (missing and out-of-range values among accepted events) and what the
 * quarantine set aside in it, by source and reason, with plain findings where a
 * figure crosses its threshold. Pure: inputs come from SQL.
 */
import { z } from "zod";
import { SITE_CLIENT_TIMEOUT_MS } from "../../measurement/site-timeout.ts";
import type { RejectionReason } from "../../shared/movielog/rejection.ts";
import { QuarantineCount, summariseQuarantine } from "./quarantine-summary.ts";

export const QualityInputs = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  batches: z.object({
    lines: z.number(), duplicates: z.number(), late: z.number(),
    accepted: z.record(z.string(), z.number()), rejected: z.record(z.string(), z.number()),
    minEventTime: z.string().nullable(), maxEventTime: z.string().nullable(),
  }),
  watch: z.object({ sessions: z.number(), minutes: z.number(), users: z.number(), movies: z.number() }),
  ratings: z.object({ count: z.number(), users: z.number(), movies: z.number(), histogram: z.record(z.string(), z.number()) }),
  recommendations: z.object({
    requests: z.number(), byStatus: z.record(z.string(), z.number()), emptyResults: z.number(),
    overBudget: z.number(), latencyP50: z.number().nullable(), latencyP95: z.number().nullable(), latencyP99: z.number().nullable(),
  }),
  /** Records quarantined in the window by arrival time, every source (quarantine-summary.ts says why arrival). */
  quarantine: z.array(QuarantineCount),
});
export type QualityInputs = z.infer<typeof QualityInputs>;

/** Which rejections are missing values, which are out-of-range values, which are malformed. */
export const REJECTION_CATEGORY: Record<RejectionReason, "missing" | "out_of_range" | "malformed"> = {
  empty_line: "missing",
  truncated: "missing",
  rating_out_of_range: "out_of_range",
  line_too_long: "out_of_range",
  bad_timestamp: "malformed",
  bad_user_id: "malformed",
  unknown_kind: "malformed",
  bad_movie_id: "malformed",
  bad_minute: "malformed",
  bad_rating: "malformed",
  bad_status: "malformed",
  bad_latency: "malformed",
  bad_server: "malformed",
  control_character: "malformed",
  latency_out_of_range: "out_of_range",
  too_many_items: "out_of_range",
  duplicate_items: "malformed",
  future_time: "out_of_range",
  past_time: "out_of_range",
  // What the database refused is a value it could not hold.
  store_refused: "out_of_range",
};

/** Thresholds above which the report states a finding. */
export const QUALITY_THRESHOLDS = { rejectedShare: 0.01, duplicateShare: 0.05, lateShare: 0.05, recommendationErrorShare: 0.01 };

export type QualityReport = ReturnType<typeof buildQualityReport>;

const share = (n: number, d: number) => (d === 0 ? 0 : n / d);
const percent = (x: number) => `${(x * 100).toFixed(2)}%`;

/** Builds the report from the figures read from the store. */
export function buildQualityReport(inputs: QualityInputs) {
  const b = inputs.batches;
  const rejectedTotal = Object.values(b.rejected).reduce((a, n) => a + n, 0);
  const categories = { missing: 0, out_of_range: 0, malformed: 0 };
  for (const [reason, n] of Object.entries(b.rejected)) {
    categories[REJECTION_CATEGORY[reason as RejectionReason] ?? "malformed"] += n;
  }
  const recs = inputs.recommendations;
  const failedRequests = recs.requests - (recs.byStatus["200"] ?? 0);
  const findings: string[] = [];
  const check = (value: number, limit: number, text: string) => {
    if (value > limit) findings.push(`${text}: ${percent(value)} (threshold ${percent(limit)})`);
  };
  check(share(rejectedTotal, b.lines), QUALITY_THRESHOLDS.rejectedShare, "rejected lines");
  check(share(b.duplicates, b.lines), QUALITY_THRESHOLDS.duplicateShare, "duplicate lines");
  check(share(b.late, b.lines), QUALITY_THRESHOLDS.lateShare, "late or out-of-order events");
  check(share(failedRequests, recs.requests), QUALITY_THRESHOLDS.recommendationErrorShare, "failed recommendation requests");
  if (recs.emptyResults > 0) findings.push(`${recs.emptyResults} successful recommendation requests returned no movies`);
  return {
    range: { from: inputs.from, to: inputs.to },
    eventTime: { min: b.minEventTime, max: b.maxEventTime },
    lines: b.lines,
    accepted: b.accepted,
    rejected: { total: rejectedTotal, byReason: b.rejected, byCategory: categories },
    duplicates: b.duplicates,
    late: b.late,
    store: {
      watch: inputs.watch,
      ratings: inputs.ratings,
      recommendations: { ...recs, failed: failedRequests },
    },
    findings,
    quarantine: summariseQuarantine(inputs.quarantine),
  };
}

/** The report as text for a terminal. */
export function formatQualityReport(r: QualityReport): string {
  const kv = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => `${k}=${v}`).join(" ") || "none";
  const rec = r.store.recommendations;
  return [
    `Data quality ${r.range.from ?? "(start)"} → ${r.range.to ?? "(now)"}; events ${r.eventTime.min ?? "-"} … ${r.eventTime.max ?? "-"}`,
    `  lines            ${r.lines}`,
    `  accepted         ${kv(r.accepted)}`,
    `  rejected         ${r.rejected.total} (${kv(r.rejected.byCategory)}): ${kv(r.rejected.byReason)}`,
    `  duplicates       ${r.duplicates}`,
    `  late             ${r.late}`,
    `  watch            sessions=${r.store.watch.sessions} minutes=${r.store.watch.minutes} users=${r.store.watch.users} movies=${r.store.watch.movies}`,
    `  ratings          ${r.store.ratings.count} by ${r.store.ratings.users} users; stars ${kv(r.store.ratings.histogram)}`,
    `  recommendations  ${rec.requests} requests; status ${kv(rec.byStatus)}; empty=${rec.emptyResults} over-${SITE_CLIENT_TIMEOUT_MS}ms=${rec.overBudget}` +
      ` p50=${rec.latencyP50 ?? "-"}ms p95=${rec.latencyP95 ?? "-"}ms p99=${rec.latencyP99 ?? "-"}ms`,
    `  quarantined      ${r.quarantine.total} by arrival time` +
      Object.entries(r.quarantine.bySource).map(([source, reasons]) => `\n    ${source.padEnd(16)} ${kv(reasons)}`).join(""),
    r.findings.length ? `Findings:\n${r.findings.map((f) => `  - ${f}`).join("\n")}` : "Findings: none",
  ].join("\n");
}
