/** The `availability` report as Markdown, for people; `--json` prints the object itself. */
import { SITE_CLIENT_TIMEOUT_MS } from "../../measurement/site-timeout.ts";
import type { AvailabilityReport } from "./availability-report.ts";
import type { AvailabilitySummary } from "./availability-summary.ts";

const pct = (x: number | null) => (x === null ? "n/a" : `${(x * 100).toFixed(2)}%`);
const table = (head: string[], rows: (string | number)[][]) =>
  [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
const causes = (unavailable: AvailabilitySummary["unavailable"]) =>
  Object.entries(unavailable).map(([cause, n]) => `${cause} ${n}`).join(", ") || "none";

/** Markdown for `report`. */
export function formatAvailabilityReport(report: AvailabilityReport): string {
  const { telemetry, stream } = report;
  const out: string[] = [
    `# Availability report ${report.from} – ${report.to}`,
    "",
    report.clocks,
    "",
    `Available: status 200 within the client's ${SITE_CLIENT_TIMEOUT_MS} ms timeout. Downtime: consecutive minutes below 99%.`,
    "",
    table(["source", "requests", "available", "availability", "degraded (fallback)", "unavailable by cause"], [
      ["router telemetry", telemetry.requests, telemetry.available, pct(telemetry.availability), telemetry.degraded, causes(telemetry.unavailable)],
      ["site stream", stream.requests, stream.available, pct(stream.availability), "not visible", causes(stream.unavailable)],
    ]),
    "",
    "## Downtime",
    "",
  ];
  if (report.downtime.length === 0) out.push("No minute below 99% in either source.");
  else {
    out.push(table(
      ["source", "from", "to", "requests", "availability", "likely cause", "failures by cause"],
      report.downtime.map((d) => [d.source, d.from, d.to, d.requests, pct(d.availability), d.cause, causes(d.causes)]),
    ));
  }
  return out.join("\n") + "\n";
}
