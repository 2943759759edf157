/**
 * The `availability` report: the service's availability measured twice,
 * independently, by the router (telemetry) and by the site's clients (the stream),
 * with the downtime intervals each of them saw. The two seldom agree exactly: the
 * router cannot see requests that never reached it, the stream cannot see
 * fallbacks, and the stream's clock may run ahead of the wall clock.
 */
import type { AvailabilityInput } from "./availability-input.ts";
import { type AvailabilitySummary, summarizeAvailability } from "./availability-summary.ts";
import { downtimeIntervals } from "./downtime-intervals.ts";
import type { FailureCause } from "../../measurement/availability/request-outcome.ts";

/** One downtime interval as printed, with the source that saw it. */
export type ReportedDowntime = {
  readonly source: "telemetry" | "stream";
  readonly from: string;
  readonly to: string;
  readonly requests: number;
  readonly availability: number;
  readonly cause: FailureCause;
  readonly causes: Partial<Record<FailureCause, number>>;
};

/** The whole report, as `--json` prints it. */
export type AvailabilityReport = {
  readonly report: "availability";
  readonly from: string;
  readonly to: string;
  /** Why the two sources' windows may not cover the same real time. */
  readonly clocks: string;
  readonly telemetry: AvailabilitySummary;
  readonly stream: Omit<AvailabilitySummary, "degraded">;
  readonly downtime: ReportedDowntime[];
};

const iso = (ms: number) => new Date(ms).toISOString();

/** Computes both availabilities and the downtime intervals of `input`. */
export function buildAvailabilityReport(input: AvailabilityInput): AvailabilityReport {
  const window = { from: input.from, to: input.to };
  const { degraded: _streamCannotTell, ...stream } = summarizeAvailability(input.stream);
  const downtime = (["telemetry", "stream"] as const).flatMap((source) =>
    downtimeIntervals(input[source], window).map((d) => ({ source, ...d, from: iso(d.from), to: iso(d.to) }))
  );
  return {
    report: "availability",
    from: iso(input.from),
    to: iso(input.to),
    clocks: "Both windows are read as given: telemetry on the router's wall clock, the stream on the site's own clock, which runs ahead of the wall clock in a sped-up simulation.",
    telemetry: summarizeAvailability(input.telemetry),
    stream,
    downtime,
  };
}
