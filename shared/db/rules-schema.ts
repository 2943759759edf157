/**
 * The rules document (shared/rules) stored relationally, so operators can edit it with
 * plain SQL as well as through the admin API and CLI. Triggers (migration rules_triggers)
 * bump `rules_version` once per transaction, audit plain-SQL edits and NOTIFY
 * `rules_changed`; `rules_document()` assembles the JSON document from these tables.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import type { AttributeSelector } from "../rules/user-selector.ts";

const time = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: "date" });
/** Single-row tables: a boolean key that can only be true. */
const singleRow = () => boolean("id").primaryKey().default(true);

/** Upstream pools: named groups of worker URLs serving one model version. */
export const rulesPools = pgTable("rules_pools", {
  name: text("name").primaryKey(),
  /**
   * Order in the document (ties by name). Not unique, so operators can reorder with
   * plain UPDATEs without tripping over a constraint checked row by row.
   */
  position: integer("position").notNull(),
  modelVersion: text("model_version").notNull(),
  urls: text("urls").array().notNull(),
}, (t) => [check("rules_pools_urls_check", sql`cardinality(${t.urls}) >= 1`)]);

/** The pool requests go to when no route matches (one row). */
export const rulesSettings = pgTable("rules_settings", {
  id: singleRow(),
  defaultPool: text("default_pool").notNull().references(() => rulesPools.name, {
    onUpdate: "cascade",
  }),
}, (t) => [check("rules_settings_single_row", sql`${t.id}`)]);

/** Ordered routes: the first whose every given match column holds wins. */
export const rulesRoutes = pgTable("rules_routes", {
  name: text("name").primaryKey(),
  position: integer("position").notNull(),
  pool: text("pool").notNull().references(() => rulesPools.name, { onUpdate: "cascade" }),
  users: integer("users").array(),
  userFrom: integer("user_from"),
  userTo: integer("user_to"),
  bucketSalt: text("bucket_salt"),
  bucketFrom: doublePrecision("bucket_from"),
  bucketTo: doublePrecision("bucket_to"),
  headerName: text("header_name"),
  headerValue: text("header_value"),
  /** The match's `attributes` (shared/rules AttributeSelector) as it appears in the document. */
  targetingAttributes: jsonb("targeting_attributes").$type<AttributeSelector>(),
  /** The route's `interleave` (shared/rules Interleave): two pools merged by team draft, or both null. */
  interleaveA: text("interleave_a").references(() => rulesPools.name, { onUpdate: "cascade" }),
  interleaveB: text("interleave_b").references(() => rulesPools.name, { onUpdate: "cascade" }),
}, (t) => [
  check("rules_routes_interleave", sql`(${t.interleaveA} is null) = (${t.interleaveB} is null)`),
  check("rules_routes_user_range", sql`(${t.userFrom} is null) = (${t.userTo} is null)`),
  check(
    "rules_routes_bucket",
    sql`(${t.bucketSalt} is null) = (${t.bucketFrom} is null) and (${t.bucketFrom} is null) = (${t.bucketTo} is null)`,
  ),
  check("rules_routes_header", sql`(${t.headerName} is null) = (${t.headerValue} is null)`),
  check(
    "rules_routes_targeting_attributes",
    sql`jsonb_typeof(${t.targetingAttributes}) = 'object'`,
  ),
]);

/** Experiments, in precedence order; the namespace is the GrowthBook [name, start, end). */
export const rulesExperiments = pgTable("rules_experiments", {
  key: text("key").primaryKey(),
  position: integer("position").notNull(),
  namespaceName: text("namespace_name"),
  namespaceStart: doublePrecision("namespace_start"),
  namespaceEnd: doublePrecision("namespace_end"),
  seed: text("seed").notNull(),
  coverage: doublePrecision("coverage").notNull(),
  status: text("status").notNull(),
  targetUsers: integer("target_users").array(),
  targetUserFrom: integer("target_user_from"),
  targetUserTo: integer("target_user_to"),
  /** The targeting's `attributes` (shared/rules AttributeSelector) as in the document. */
  targetingAttributes: jsonb("targeting_attributes").$type<AttributeSelector>(),
}, (t) => [
  check("rules_experiments_status", sql`${t.status} in ('draft', 'running', 'stopped')`),
  check(
    "rules_experiments_namespace",
    sql`(${t.namespaceName} is null) = (${t.namespaceStart} is null) and (${t.namespaceStart} is null) = (${t.namespaceEnd} is null)`,
  ),
  check(
    "rules_experiments_user_range",
    sql`(${t.targetUserFrom} is null) = (${t.targetUserTo} is null)`,
  ),
  check(
    "rules_experiments_targeting_attributes",
    sql`jsonb_typeof(${t.targetingAttributes}) = 'object'`,
  ),
]);

/** The arms of an experiment; a variant may pick a pool and set flags for the worker. */
export const rulesVariants = pgTable("rules_variants", {
  experiment: text("experiment").notNull(),
  key: text("key").notNull(),
  position: integer("position").notNull(),
  weight: doublePrecision("weight").notNull(),
  pool: text("pool").references(() => rulesPools.name, { onUpdate: "cascade" }),
  /** The variant's `interleave` (shared/rules Interleave): two pools merged by team draft, or both null. */
  interleaveA: text("interleave_a").references(() => rulesPools.name, { onUpdate: "cascade" }),
  interleaveB: text("interleave_b").references(() => rulesPools.name, { onUpdate: "cascade" }),
  flags: jsonb("flags").$type<Record<string, string | number | boolean>>(),
}, (t) => [
  check("rules_variants_interleave", sql`(${t.interleaveA} is null) = (${t.interleaveB} is null)`),
  primaryKey({ columns: [t.experiment, t.key] }),
  foreignKey({
    columns: [t.experiment],
    foreignColumns: [rulesExperiments.key],
    name: "rules_variants_experiment_fk",
  })
    .onUpdate("cascade")
    .onDelete("cascade"),
]);

/** The rules version (one row), bumped by trigger once per transaction that edits the rules. */
export const rulesVersion = pgTable("rules_version", {
  id: singleRow(),
  version: bigint("version", { mode: "number" }).notNull().default(0),
  changedAt: time("changed_at").notNull().default(sql`now()`),
  /** The transaction that last bumped the version, so later statements in it do not bump again. */
  txid: bigint("txid", { mode: "number" }),
}, (t) => [check("rules_version_single_row", sql`${t.id}`)]);

/** Who changed the rules, how, what changed, and the resulting document. */
export const rulesAudit = pgTable("rules_audit", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  version: bigint("version", { mode: "number" }).notNull(),
  at: time("at").notNull().default(sql`now()`),
  actor: text("actor").notNull(),
  source: text("source").notNull(),
  /** The diff (api, cli, seed) or the SQL statements of the transaction (sql). */
  change: jsonb("change").$type<unknown>().notNull(),
  document: jsonb("document").$type<unknown>(),
}, (t) => [
  check("rules_audit_source", sql`${t.source} in ('api', 'cli', 'sql', 'seed')`),
  index("rules_audit_version_idx").on(t.version),
]);
