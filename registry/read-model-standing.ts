/**
 * What an operator needs of the registry at a glance, without loading manifests' id
 * lists: the production model (which one is model-registry.ts's one answer), when it was
 * trained and promoted, the training data behind it, and the newest models with the
 * offline gate's verdict. Runtime-neutral (postgres.js and zod only): the status page
 * calls it under Deno. jsonb travels as text, which the router's client returns anyway.
 */
import type postgres from "postgres";
import { z } from "zod";
import { EpochMs, epochMsSql, parseRow } from "../infra/db/epoch-sql.ts";
import { findModelEntry, ModelStatus, PRODUCTION_SELECTOR } from "./model-registry.ts";

/** The gate's verdict as training stored it (metrics.gate); null when a model was registered without one. */
export type GateVerdict = { readonly pass: boolean; readonly metric: string; readonly reasons: readonly string[] };

/** The training data a model was fitted on, as its manifest records it. */
export type TrainingData = {
  readonly id: string;
  readonly rows: Readonly<Record<string, number>>;
  /** The newest event time in the data (epoch ms), null when the manifest has none. */
  readonly to: number | null;
};

export type ModelStanding = {
  readonly version: string;
  readonly status: ModelStatus;
  /** When it was registered (trained), epoch ms. */
  readonly createdAt: number;
  /** When its status last changed (promoted, retired, rejected), epoch ms. */
  readonly statusChangedAt: number;
  readonly data: TrainingData | null;
  readonly gate: GateVerdict | null;
};

export type RegistryStanding = {
  readonly production: ModelStanding | null;
  /** The newest models first, whatever their status. */
  readonly recent: readonly ModelStanding[];
};

const Row = z.object({
  version: z.string(),
  status: ModelStatus,
  created_at: EpochMs,
  status_changed_at: EpochMs,
  snapshot: z.string().nullable(),
  gate: z.string().nullable(),
});
const SnapshotRef = z.object({
  id: z.string().min(1).max(200),
  rows: z.record(z.string().max(100), z.number().int().nonnegative()),
  timeRange: z.object({ to: z.string().nullable() }),
});
const Gate = z.object({ pass: z.boolean(), metric: z.string().max(100), reasons: z.array(z.string().max(2000)).max(20) });

const selectStanding = (sql: postgres.Sql) =>
  sql`select version, status, ${epochMsSql(sql, "created_at")} as created_at, ${epochMsSql(sql, "status_changed_at")} as status_changed_at,
    (manifest -> 'snapshot')::text as snapshot, (metrics -> 'gate')::text as gate
    from models`;

/** The JSON text `text` against `schema`; null when absent or not of that shape (an older manifest stays readable). */
function _json<T extends z.ZodType>(schema: T, text: string | null): z.infer<T> | null {
  if (text === null) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function _standing(raw: unknown): ModelStanding {
  const r = parseRow(Row, raw, "a model's standing");
  const snapshot = _json(SnapshotRef, r.snapshot);
  const to = snapshot?.timeRange.to ? Date.parse(snapshot.timeRange.to) : NaN;
  return {
    version: r.version,
    status: r.status,
    createdAt: Math.round(r.created_at),
    statusChangedAt: Math.round(r.status_changed_at),
    data: snapshot && { id: snapshot.id, rows: snapshot.rows, to: Number.isFinite(to) ? to : null },
    gate: _json(Gate, r.gate),
  };
}

/** The production model's standing and the `recent` newest models'. */
export async function readRegistryStanding(sql: postgres.Sql, recent = 5): Promise<RegistryStanding> {
  const production = await findModelEntry(sql, PRODUCTION_SELECTOR);
  const [productionRow] = production === null ? [] : await sql`${selectStanding(sql)} where version = ${production.version}`;
  const rows = await sql`${selectStanding(sql)} order by created_at desc, version desc limit ${recent}`;
  return { production: productionRow ? _standing(productionRow) : null, recent: rows.map(_standing) };
}
