/**
 * The model registry in Postgres: register a trained model with its manifest,
 * find the production model, list, show, and move models between statuses.
 */
import type postgres from "postgres";
import { z } from "zod";
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

function toModel(row: postgres.Row): RegisteredModel {
  return {
    version: row.version, createdAt: row.created_at, status: ModelStatus.parse(row.status),
    artifactPath: row.artifact_path, manifest: ModelManifest.parse(row.manifest),
  };
}

const COLUMNS = "version, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') as created_at, status, artifact_path, manifest";

/** Records a model; a version registers once (a second call with the same version is refused). */
export async function registerModel(sql: postgres.Sql, manifest: ModelManifest, artifactPath: string, status: ModelStatus = "registered"): Promise<void> {
  await sql`
    insert into models (version, algorithm, artifact_path, manifest, metrics, snapshot_id, parent_version, code_commit, status)
    values (${manifest.version}, ${manifest.algorithm.name}, ${artifactPath}, ${JSON.stringify(manifest)}::jsonb,
      ${JSON.stringify(manifest.metrics)}::jsonb, ${manifest.snapshot.id}, ${manifest.parentVersion}, ${manifest.code.commit}, ${status})`;
}

/** The model currently in production, or null. */
export async function findProductionModel(sql: postgres.Sql): Promise<RegisteredModel | null> {
  const rows = await sql.unsafe(`select ${COLUMNS} from models where status = 'production' order by status_changed_at desc limit 1`);
  return rows.length ? toModel(rows[0]) : null;
}

/** One model by version, or null. */
export async function findModel(sql: postgres.Sql, version: string): Promise<RegisteredModel | null> {
  const rows = await sql.unsafe(`select ${COLUMNS} from models where version = $1`, [version]);
  return rows.length ? toModel(rows[0]) : null;
}

/** Models, newest first. */
export async function listModels(sql: postgres.Sql, limit = 50): Promise<RegisteredModel[]> {
  const rows = await sql.unsafe(`select ${COLUMNS} from models order by created_at desc, version desc limit $1`, [limit]);
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
