/**
 * The model registry in Postgres, and the only code that reads or writes `models`
 * (shared/db/schema.ts): register a trained model with its manifest, find the production
 * model, list, show, and move models between statuses. The worker, the release store and
 * the router's fallback call these reads; registry/models-table-owner.test.ts keeps SQL on
 * `models` out of every other module. Runtime-neutral (postgres.js and zod only), because
 * the router imports it under Deno.
 */
import type postgres from "postgres";
import { z } from "zod";
import { EpochMs, epochMsSql, parseRow } from "../infra/db/epoch-sql.ts";
import { ModelManifest } from "../shared/model/manifest.ts";

export const ModelStatus = z.enum(["registered", "production", "retired", "rejected"]);
export type ModelStatus = z.infer<typeof ModelStatus>;

export type RegisteredModel = {
  readonly version: string;
  readonly createdAt: string;
  readonly status: ModelStatus;
  readonly artifactPath: string;
  readonly manifest: ModelManifest;
};

/**
 * The one answer to "which model is in production": the one promoted last. Promotion
 * retires the others in the same transaction, so several production rows exist only while
 * a status is set by hand or mid-release; equal promotion times (one transaction's `now()`)
 * fall to the greater version, so every reader agrees on the same row.
 */
const PRODUCTION_ROW = "where status = 'production' order by status_changed_at desc, version desc limit 1";

const ModelRow = z.object({
  version: z.string(),
  created_at: EpochMs,
  status: ModelStatus,
  artifact_path: z.string(),
  manifest: z.unknown(),
});

function toModel(row: unknown): RegisteredModel {
  const r = parseRow(ModelRow, row, "a registered model");
  return {
    version: r.version, createdAt: _isoSeconds(r.created_at), status: r.status,
    artifactPath: r.artifact_path, manifest: ModelManifest.parse(r.manifest),
  };
}

// Whole seconds in UTC, `2024-06-01T01:00:00Z`: the format `models list` has always printed.
const _isoSeconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");

const selectModels = (sql: postgres.Sql) =>
  sql`select version, ${epochMsSql(sql, "created_at")} as created_at, status, artifact_path, manifest from models`;

/** Records a model; a version registers once (a second call with the same version is refused). */
export async function registerModel(sql: postgres.Sql, manifest: ModelManifest, artifactPath: string, status: ModelStatus = "registered"): Promise<void> {
  await sql`
    insert into models (version, algorithm, artifact_path, manifest, metrics, snapshot_id, parent_version, code_commit, status)
    values (${manifest.version}, ${manifest.algorithm.name}, ${artifactPath}, ${JSON.stringify(manifest)}::jsonb,
      ${JSON.stringify(manifest.metrics)}::jsonb, ${manifest.snapshot.id}, ${manifest.parentVersion}, ${manifest.code.commit}, ${status})`;
}

/** The model currently in production, or null. */
export async function findProductionModel(sql: postgres.Sql): Promise<RegisteredModel | null> {
  const rows = await sql`${selectModels(sql)} ${sql.unsafe(PRODUCTION_ROW)}`;
  return rows.length ? toModel(rows[0]) : null;
}

/** One model by version, or null. */
export async function findModel(sql: postgres.Sql, version: string): Promise<RegisteredModel | null> {
  const rows = await sql`${selectModels(sql)} where version = ${version}`;
  return rows.length ? toModel(rows[0]) : null;
}

/** Where a model's artifact lives, as far as serving and releasing care (the manifest is not read). */
export type ModelEntry = { readonly version: string; readonly artifactPath: string; readonly status: ModelStatus };

const EntryRow = ModelRow.pick({ version: true, artifact_path: true, status: true });
const PopularRow = z.object({ version: z.string(), popular: z.unknown() });

/** `"production"` selects the production model; anything else names a version. */
export const PRODUCTION_SELECTOR = "production";

/** The entry `selector` names (the production model, or one version), or null. */
export async function findModelEntry(sql: postgres.Sql, selector: string): Promise<ModelEntry | null> {
  const rows = selector === PRODUCTION_SELECTOR
    ? await sql`select version, artifact_path, status from models ${sql.unsafe(PRODUCTION_ROW)}`
    : await sql`select version, artifact_path, status from models where version = ${selector}`;
  if (!rows.length) return null;
  const r = parseRow(EntryRow, rows[0], "a model entry");
  return { version: r.version, artifactPath: r.artifact_path, status: r.status };
}

/**
 * The production model's `popular` list as stored (unchecked, for the router's fallback to
 * clean), or null when no model is in production. Reads one manifest field, so a manifest
 * this code base no longer parses still yields its list.
 */
export async function findProductionPopular(sql: postgres.Sql): Promise<{ readonly version: string; readonly popular: unknown } | null> {
  const rows = await sql`select version, manifest -> 'popular' as popular from models ${sql.unsafe(PRODUCTION_ROW)}`;
  return rows.length ? parseRow(PopularRow, rows[0], "the production model's popular list") : null;
}

/** Models, newest first. */
export async function listModels(sql: postgres.Sql, limit = 50): Promise<RegisteredModel[]> {
  const rows = await sql`${selectModels(sql)} order by created_at desc, version desc limit ${limit}`;
  return rows.map(toModel);
}

/** Makes `version` the production model, retiring the previous one, in one transaction. */
export async function promoteModel(sql: postgres.Sql, version: string): Promise<void> {
  await sql.begin(async (tx) => {
    const [found] = await tx`select status from models where version = ${version} for update`;
    if (!found) throw new Error(`Cannot promote model ${JSON.stringify(version)}: no such version in the registry`);
    await tx`update models set status = 'retired', status_changed_at = now() where status = 'production' and version <> ${version}`;
    await tx`update models set status = 'production', status_changed_at = now() where version = ${version}`;
  });
}

/** Sets a model's status (e.g. rejected by a gate). */
export async function setModelStatus(sql: postgres.Sql, version: string, status: ModelStatus): Promise<void> {
  const updated = await sql`update models set status = ${status}, status_changed_at = now() where version = ${version} returning version`;
  if (updated.length === 0) throw new Error(`Cannot set status of model ${JSON.stringify(version)}: no such version in the registry`);
}
