/** What telemetry ingestion did with the messages it read: logged as progress, returned by tests. */
import type { TelemetryRejectionReason } from "../shared/telemetry/index.ts";

export type TelemetryCounts = {
  readonly messages: number;
  /** Rows newly stored. */
  readonly accepted: number;
  readonly quarantined: Partial<Record<TelemetryRejectionReason, number>>;
  /** Messages whose request id was already stored (or earlier in the batch). */
  readonly duplicates: number;
  /** Messages below the stored checkpoint: already applied by an earlier delivery. */
  readonly skipped: number;
};

/** All-zero counts. */
export function emptyTelemetryCounts(): TelemetryCounts {
  return { messages: 0, accepted: 0, quarantined: {}, duplicates: 0, skipped: 0 };
}

/** `a` plus `b`; quarantine reasons stay sorted by name for stable output. */
export function addTelemetryCounts(a: TelemetryCounts, b: TelemetryCounts): TelemetryCounts {
  const quarantined: Record<string, number> = { ...a.quarantined };
  for (const [reason, n] of Object.entries(b.quarantined)) quarantined[reason] = (quarantined[reason] ?? 0) + (n ?? 0);
  return {
    messages: a.messages + b.messages,
    accepted: a.accepted + b.accepted,
    quarantined: Object.fromEntries(Object.entries(quarantined).sort(([x], [y]) => x.localeCompare(y))),
    duplicates: a.duplicates + b.duplicates,
    skipped: a.skipped + b.skipped,
  };
}
