/**
 * The event store and ingestion bookkeeping, as drizzle table declarations.
 * Migrations in ./migrations are generated from this file by `bun run db:generate`.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  customType,
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";

/** Raw bytes, lossless for whatever a producer sent. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

const time = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: "date" });

/** One row per (user, movie): the watch lines aggregated; replays cannot double-count minutes. */
export const watchSessions = pgTable("watch_sessions", {
  userId: integer("user_id").notNull(),
  movieId: text("movie_id").notNull(),
  firstTime: time("first_time").notNull(),
  lastTime: time("last_time").notNull(),
  /** Distinct minutes watched, ascending. */
  minutes: integer("minutes").array().notNull(),
  minuteCount: integer("minute_count").notNull(),
  maxMinute: integer("max_minute").notNull(),
}, (t) => [
  // The primary key only: every reader (snapshots, popularity, quality windows)
  // scans the table, while each extra index slowed ingestion by about a sixth.
  primaryKey({ columns: [t.userId, t.movieId] }),
]);

/** Every rating ever given; the same rating line twice is stored once. */
export const ratingHistory = pgTable("rating_history", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  userId: integer("user_id").notNull(),
  movieId: text("movie_id").notNull(),
  rating: smallint("rating").notNull(),
  time: time("time").notNull(),
}, (t) => [
  unique("rating_history_event_key").on(t.userId, t.movieId, t.time, t.rating),
  index("rating_history_time_idx").on(t.time),
]);

/** The latest rating per (user, movie). */
export const ratings = pgTable("ratings", {
  userId: integer("user_id").notNull(),
  movieId: text("movie_id").notNull(),
  rating: smallint("rating").notNull(),
  time: time("time").notNull(),
}, (t) => [primaryKey({ columns: [t.userId, t.movieId] }), index("ratings_movie_idx").on(t.movieId)]);

/** Recommendation requests as the streaming site's clients logged them. */
export const recommendationEvents = pgTable("recommendation_events", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  time: time("time").notNull(),
  userId: integer("user_id").notNull(),
  server: text("server").notNull(),
  status: smallint("status").notNull(),
  latencyMs: real("latency_ms").notNull(),
  items: text("items").array().notNull(),
  error: text("error"),
}, (t) => [
  unique("recommendation_events_event_key").on(t.userId, t.time, t.server),
  index("recommendation_events_time_idx").on(t.time),
]);

/**
 * Lines that could not become events, with the reason. `position` is the Kafka
 * offset (partition ≥ 0) or the file line number (partition -1), so replaying a
 * source quarantines each bad line once.
 */
export const quarantine = pgTable("quarantine", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  source: text("source").notNull(),
  partition: integer("partition").notNull(),
  position: bigint("position", { mode: "number" }).notNull(),
  raw: bytea("raw").notNull(),
  reason: text("reason").notNull(),
  detail: text("detail").notNull(),
  receivedAt: time("received_at").notNull().default(sql`now()`),
}, (t) => [
  unique("quarantine_position_key").on(t.source, t.partition, t.position),
  index("quarantine_reason_idx").on(t.reason),
  index("quarantine_received_at_idx").on(t.receivedAt),
]);

/**
 * The next Kafka offset to apply per partition, written in the same transaction as
 * the events: the event store, not Kafka, is the source of truth for progress.
 */
export const ingestCheckpoints = pgTable("ingest_checkpoints", {
  consumer: text("consumer").notNull(),
  clusterId: text("cluster_id").notNull(),
  topic: text("topic").notNull(),
  partition: integer("partition").notNull(),
  nextOffset: bigint("next_offset", { mode: "number" }).notNull(),
  /** Latest event time seen on the partition: the watermark for lateness. */
  watermark: time("watermark"),
  updatedAt: time("updated_at").notNull().default(sql`now()`),
}, (t) => [primaryKey({ columns: [t.consumer, t.clusterId, t.topic, t.partition] })]);

/**
 * Each consumed partition as ingestion last sampled it (every few seconds): lag against
 * Kafka's high watermark, the stored checkpoint, and the stall verdict of
 * measurement/partition-stall.ts with the two "since" times it is judged from, so a reader
 * without Kafka or a history (the status page) shows what the alert rule computes.
 * Written by ingest/partition-status-recorder.ts, read by read-models/read-partition-status.ts.
 */
export const ingestPartitionStatus = pgTable("ingest_partition_status", {
  consumer: text("consumer").notNull(),
  topic: text("topic").notNull(),
  partition: integer("partition").notNull(),
  /** The Kafka cluster sampled: a new cluster starts the partition's history over. */
  clusterId: text("cluster_id").notNull(),
  lag: bigint("lag", { mode: "number" }).notNull(),
  /** The stored checkpoint; null before the partition's first applied batch. */
  nextOffset: bigint("next_offset", { mode: "number" }),
  /** When an applied batch last moved the checkpoint (ingest_checkpoints.updated_at). */
  progressedAt: time("progressed_at"),
  /** First sample of the unbroken run of samples with lag; null when the last had none. */
  lagSince: time("lag_since"),
  /** First sample that saw the checkpoint the last one holds. */
  checkpointSince: time("checkpoint_since").notNull(),
  stalled: boolean("stalled").notNull(),
  measuredAt: time("measured_at").notNull(),
}, (t) => [
  primaryKey({ columns: [t.consumer, t.topic, t.partition] }),
  check("ingest_partition_status_lag_nonnegative", sql`${t.lag} >= 0`),
]);

/** One row per applied batch: the counts the data-quality report sums up. */
export const ingestBatches = pgTable("ingest_batches", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  source: text("source").notNull(),
  ingestedAt: time("ingested_at").notNull().default(sql`now()`),
  lines: integer("lines").notNull(),
  accepted: jsonb("accepted").$type<Record<string, number>>().notNull(),
  rejected: jsonb("rejected").$type<Record<string, number>>().notNull(),
  duplicates: integer("duplicates").notNull(),
  late: integer("late").notNull(),
  minEventTime: time("min_event_time"),
  maxEventTime: time("max_event_time"),
}, (t) => [index("ingest_batches_ingested_at_idx").on(t.ingestedAt)]);

/**
 * Training data snapshots: the id is a content hash of the selected rows, so the
 * same id always means the same data, and the recorded selection reconstructs it.
 */
export const dataSnapshots = pgTable("data_snapshots", {
  id: text("id").primaryKey(),
  createdAt: time("created_at").notNull().default(sql`now()`),
  source: text("source").notNull(),
  /** Events with a time at or before the cutoff are in the snapshot. */
  cutoff: time("cutoff"),
  rows: jsonb("rows").$type<Record<string, number>>().notNull(),
  timeFrom: time("time_from"),
  timeTo: time("time_to"),
  /** The selection and cleaning rules, enough to select the same rows again. */
  filters: jsonb("filters").$type<Record<string, unknown>>().notNull(),
  /** Rows left out by cleaning, by reason. */
  excluded: jsonb("excluded").$type<Record<string, number>>().notNull(),
});

/** The model registry: every trained model, its manifest, and where it stands. */
export const models = pgTable("models", {
  version: text("version").primaryKey(),
  createdAt: time("created_at").notNull().default(sql`now()`),
  algorithm: text("algorithm").notNull(),
  /** Directory (or URI) of the artifact. */
  artifactPath: text("artifact_path").notNull(),
  manifest: jsonb("manifest").$type<Record<string, unknown>>().notNull(),
  metrics: jsonb("metrics").$type<Record<string, unknown>>().notNull(),
  snapshotId: text("snapshot_id").notNull(),
  parentVersion: text("parent_version"),
  codeCommit: text("code_commit").notNull(),
  /** registered → production → retired; rejected when a gate refused it. */
  status: text("status").notNull().default("registered"),
  statusChangedAt: time("status_changed_at").notNull().default(sql`now()`),
}, (t) => [index("models_status_idx").on(t.status), index("models_created_at_idx").on(t.createdAt)]);

/**
 * Users' profiles from the site's user API (`GET /user/<id>`), fetched by
 * ingest/profiles for attribute targeting (the router loads them). A user the API does
 * not know, or answered malformed, keeps a row with the reason and no profile, so the
 * job does not ask again before the row is old.
 */
export const userProfiles = pgTable("user_profiles", {
  userId: integer("user_id").primaryKey(),
  age: integer("age"),
  gender: text("gender"),
  occupation: text("occupation"),
  fetchedAt: time("fetched_at").notNull(),
  /** Why there is no profile (unknown user, malformed or oversized answer, a profile the database refused); null when there is one. */
  reason: text("reason"),
}, (t) => [
  check(
    "user_profiles_profile_or_reason",
    sql`(${t.reason} is null) = (${t.age} is not null and ${t.gender} is not null and ${t.occupation} is not null)`,
  ),
  index("user_profiles_fetched_at_idx").on(t.fetchedAt),
]);
