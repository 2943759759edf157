/** The `online` report as Markdown, for people; `--json` prints the object itself. */
import type { OnlineReport } from "./online-report.ts";
import type { BehaviourSummary } from "./summarize-behaviour.ts";

const pct = (x: number | null) => (x === null ? "n/a" : `${(x * 100).toFixed(2)}%`);
const num = (x: number | null | undefined, digits = 3) => (x === null || x === undefined ? "n/a" : x.toFixed(digits));
const table = (head: string[], rows: (string | number)[][]) =>
  [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
const behaviourCells = (b: BehaviourSummary) =>
  [b.lists, pct(b.conversionPerList), b.users, pct(b.conversionPerUser), b.watchMinutes, b.meanRating === null ? "n/a" : `${b.meanRating.toFixed(2)} (${b.ratings})`];

/** Markdown for `report`. */
export function formatOnlineReport(report: OnlineReport): string {
  const title = report.day ?? `${report.telemetry.from} – ${report.telemetry.to}`;
  const out: string[] = [
    `# Online quality report ${title}`,
    "",
    report.clocks,
    "",
    `Telemetry: ${report.telemetry.from} – ${report.telemetry.to} (wall clock). Stream: lists ${report.stream.from} – ${report.stream.judgedTo} judged (stream clock, window ends ${report.stream.to}); a list converts when a recommended movie starts within ${report.conversionWindowMs / 60_000} minutes. Catalogue seen: ${report.catalogue} movies.`,
    "",
    "## Served (telemetry)",
    "",
  ];
  out.push(table(["version", "requests", "users", "distinct items", "coverage", "fallbacks", "fallback share"], [
    ...report.versions.map((v) => [v.version, v.served.requests, v.served.users, v.served.items, pct(v.served.coverage), v.served.fallbacks, pct(v.served.fallbackShare)]),
    ["fallback", report.fallback.served.requests, report.fallback.served.users, report.fallback.served.items, pct(report.fallback.served.coverage), report.fallback.served.fallbacks, pct(report.fallback.served.fallbackShare)],
  ]));
  out.push("", "## Online behaviour (stream) beside offline metrics", "");
  out.push(table(
    ["version", "judged lists", "conversion / list", "users", "conversion / user", "watch minutes", "mean rating (rated)", "nDCG", "precision", "recall", "coverage (offline)"],
    [
      ...report.versions.map((v) => [
        v.version, ...behaviourCells(v.online),
        ...(v.offline === null ? ["not in registry", "", "", ""] : [num(v.offline.ndcg), num(v.offline.precision), num(v.offline.recall), num(v.offline.coverage)]),
      ]),
      ["fallback", ...behaviourCells(report.fallback.online), "", "", "", ""],
      ["unattributed", ...behaviourCells(report.unattributed), "", "", "", ""],
    ],
  ));
  out.push("", "## Offline and online ranking", "", report.ranking.statement);
  return out.join("\n") + "\n";
}
