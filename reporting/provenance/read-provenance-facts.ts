/**
 * Reads the facts behind one answered request: its telemetry row (by the router's
 * request id or a caller's X-Request-Id, or the user's latest request at or before
 * a time), the rules audit entry of its rules version, the model's registry entry,
 * the recorded snapshot, and whether the snapshot's files are on disk.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type postgres from "postgres";
import { z } from "zod";
import { roundedEpochMsSql, timestampSql } from "../../infra/db/epoch-sql.ts";
import { findModel } from "../../registry/model-registry.ts";
import { type ProvenanceFacts, RecordedSnapshot, RulesAuditEntry, ServedRequest, type SnapshotOnDisk } from "./provenance-facts.ts";

/** Which request to explain. */
export type ProvenanceLookup = { readonly requestId: string } | { readonly userId: number; readonly at: number };

/** SQL select list: a `ServedRequest` from a telemetry row. */
function requestColumnsSql(sql: postgres.Sql): postgres.Fragment {
  return sql`request_id as "requestId", ${roundedEpochMsSql(sql, "time")} as time, user_id as "userId",
    status::int as status, latency_ms::float8 as "latencyMs", pool, model_version as "modelVersion", rules_version as "rulesVersion",
    assignments, items, fallback, fallback_reason as "fallbackReason"`;
}
const ISO = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The facts, or a one-line reason when no request matches `lookup`. */
export async function readProvenanceFacts(sql: postgres.Sql, lookup: ProvenanceLookup, snapshotDir: string): Promise<ProvenanceFacts | string> {
  const rows = "requestId" in lookup
    ? await readByRequestId(sql, lookup.requestId)
    : await sql`select ${requestColumnsSql(sql)} from telemetry_events
        where user_id = ${lookup.userId} and time <= ${timestampSql(sql, lookup.at)} order by time desc, request_id desc limit 1`;
  if (typeof rows === "string") return rows;
  if (rows.length === 0) {
    return "requestId" in lookup
      ? `no telemetry for request id ${JSON.stringify(lookup.requestId)}`
      : `no telemetry for user ${lookup.userId} at or before ${new Date(lookup.at).toISOString()}`;
  }
  const request = ServedRequest.parse(rows[0]);
  const audits = request.rulesVersion === null ? [] : await sql.unsafe(
    `select id::float8 as id, version::float8 as version, ${ISO("at")} as at, actor, source, change, document
     from rules_audit where version = $1 order by id desc limit 1`,
    [request.rulesVersion],
  );
  const model = request.fallback || request.modelVersion === null ? null : await findModel(sql, request.modelVersion);
  const snapshotId = model?.manifest.snapshot.id ?? null;
  const recorded = snapshotId === null ? [] : await sql.unsafe(
    `select id, source, case when cutoff is null then null else ${ISO("cutoff")} end as cutoff, rows, filters from data_snapshots where id = $1`,
    [snapshotId],
  );
  return {
    request,
    audit: audits.length === 0 ? null : RulesAuditEntry.parse(audits[0]),
    model,
    recordedSnapshot: recorded.length === 0 ? null : RecordedSnapshot.parse(recorded[0]),
    snapshotOnDisk: snapshotId === null ? null : snapshotOnDisk(snapshotDir, snapshotId),
    snapshotDir,
  };
}

/** Caller's ids listed when one was sent by several requests. */
const MAX_LISTED = 5;

/**
 * The request with the router's id `id`, or else the one request whose caller sent `id`
 * as X-Request-Id (the router keeps a caller's id apart, see router/request-id.ts);
 * when several callers' requests sent it, a line naming their router ids.
 */
async function readByRequestId(sql: postgres.Sql, id: string): Promise<postgres.Row[] | string> {
  const own = await sql`select ${requestColumnsSql(sql)} from telemetry_events where request_id = ${id}`;
  if (own.length > 0) return own;
  const sent = await sql`select ${requestColumnsSql(sql)} from telemetry_events
    where client_request_id = ${id} order by time desc, request_id desc limit ${MAX_LISTED + 1}`;
  if (sent.length <= 1) return sent;
  const ids = sent.slice(0, MAX_LISTED).map((r) => r.requestId as string).join(", ");
  const count = sent.length > MAX_LISTED ? `more than ${MAX_LISTED}` : String(sent.length);
  return `request id ${JSON.stringify(id)} is not the router's and ${count} requests sent it as X-Request-Id: ` +
    `give one of the router's ids (${ids}${sent.length > MAX_LISTED ? ", …" : ""})`;
}

const SnapshotHeader = z.object({ contentHash: z.string() });

/** Whether `<dir>/<id>/snapshot.json` exists, and the content hash it records (trainer/snapshot/snapshot-files.ts). */
function snapshotOnDisk(dir: string, id: string): SnapshotOnDisk {
  const path = join(dir, id);
  const file = join(path, "snapshot.json");
  // An id that is not a plain name never names a directory the trainer wrote.
  if (!/^[A-Za-z0-9._-]+$/.test(id) || !existsSync(file)) return { path, exists: false, contentHash: null };
  try {
    const header = SnapshotHeader.safeParse(JSON.parse(readFileSync(file, "utf8")));
    return { path, exists: true, contentHash: header.success ? header.data.contentHash : null };
  } catch {
    return { path, exists: true, contentHash: null };
  }
}
