/**
 * What an experiment sets out to learn, beside how it assigns users. The assignment
 * (layer, seed, coverage, targeting, variants, status) lives in the rules, where the
 * router reads it; the design lives here: the hypothesis, the control, the metrics
 * judged, the equivalence margin and observation window, and when it ran on both clocks
 * (wall clock for telemetry, the stream's clock for behaviour, which runs ahead in a
 * sped-up simulation).
 */
import { doublePrecision, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

const time = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: "date" });

export const experimentDesigns = pgTable("experiment_designs", {
  /** The key of the experiment in the rules. */
  key: text("key").primaryKey(),
  hypothesis: text("hypothesis").notNull(),
  controlVariant: text("control_variant").notNull(),
  /** One of experiments/report/metric-definitions.ts's keys. */
  primaryMetric: text("primary_metric").notNull(),
  guardrailMetrics: text("guardrail_metrics").array().notNull().default([]),
  /** A recommended movie started within this stream time after the answer is a conversion. */
  conversionWindowMs: integer("conversion_window_ms").notNull().default(600_000),
  /** "Equivalent" when the primary's always-valid lift interval lies inside ± this; null: no such verdict. */
  equivalenceMargin: doublePrecision("equivalence_margin"),
  /** Each user's values cover this long after their first exposure (7 days by default). */
  observationWindowMs: integer("observation_window_ms").notNull().default(604_800_000),
  /** Users the experiment plans to reach (the report's sequences are tuned for it); null: the report's default. */
  plannedUsers: integer("planned_users"),
  createdAt: time("created_at").notNull().defaultNow(),
  createdBy: text("created_by").notNull(),
  startedAt: time("started_at"),
  stoppedAt: time("stopped_at"),
  /** The stream's clock (ingested movielog watermark) when it started and stopped. */
  streamStartedAt: time("stream_started_at"),
  streamStoppedAt: time("stream_stopped_at"),
});
