/** The `analysis` report as Markdown, for people; `--json` prints the object itself. */
import type { AnalysisReport } from "./analysis-report.ts";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const num = (x: number) => x.toFixed(3);
const verdict = (flagged: boolean) => (flagged ? "**FLAGGED**" : "ok");
const table = (head: string[], rows: (string | number)[][]) =>
  [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");

/** Markdown for `report`. */
export function formatAnalysisReport(report: AnalysisReport): string {
  const { feedbackLoop: loop, fairness, attacks } = report;
  const out: string[] = [
    `# Analysis report ${report.from} – ${report.to}`,
    "",
    `${report.counts.recommendations} recommendation lists, ${report.counts.watches} watch starts, ${report.counts.ratings} ratings. Overall: ${verdict(report.flagged)}.`,
    "",
    `## Feedback loops: ${verdict(loop.flagged)}`,
    "",
    loop.reason,
    "",
    table(
      ["bucket start", "lists", "exposures", "movies shown", "Gini", "top-1% share", "tail share", "tail coverage"],
      loop.buckets.map((b) => [b.start, b.requests, b.exposures, b.distinctMovies, num(b.gini), pct(b.topShare), pct(b.tailExposureShare), pct(b.tailCoverage)]),
    ),
    "",
    `Fitted change over ${loop.trend.usableBuckets} usable buckets: Gini ${num(loop.trend.giniRise)}, top-1% share ${num(loop.trend.topShareRise)}, tail share ${num(loop.trend.tailShareChange)}, tail coverage ${num(loop.trend.tailCoverageChange)}. Catalogue: ${loop.catalogueSize} movies. Captive users: ${loop.captive.captiveUsers} of ${loop.captive.judgedUsers} judged${loop.captive.examples.length > 0 ? ` (e.g. ${loop.captive.examples.slice(0, 10).join(", ")})` : ""}.`,
    "",
    `## Fairness: ${fairness.status === "ok" ? verdict(fairness.flagged) : "not analysed"}`,
    "",
    fairness.reason,
  ];
  if (fairness.status === "ok") {
    out.push(
      "",
      `${fairness.users} users with attributes (from ${fairness.source}), ${fairness.usersWithoutAttributes} without; overall conversion ${pct(fairness.conversion)} of ${fairness.requests} lists.`,
      `Conversion is the shared definition: a recommended movie started within ${Math.round(fairness.conversionWindowMs / 60_000)} min of the list; lists after ${new Date(fairness.judgedTo).toISOString()} (one window before the period's end) are not judged.`,
      "",
      table(
        ["dimension", "group", "users", "user share", "exposure share", "lists", "conversion", "gap", "z", "flag"],
        fairness.groups.map((g) => [g.dimension, g.group, g.users, pct(g.userShare), pct(g.exposureShare), g.requests, pct(g.conversion), pct(g.gap), g.z.toFixed(1), g.flagged ? "**yes**" : ""]),
      ),
    );
  }
  out.push("", `## Rating attacks: ${verdict(attacks.flagged)}`, "", attacks.reason);
  if (attacks.attacks.length > 0) {
    out.push(
      "",
      table(
        ["movie", "from", "to", "accounts", "without a watch", "peak", "expected", "score", "accounts (first 20)"],
        attacks.attacks.map((a) => [a.movieId, a.from, a.to, a.accounts, a.accountsWithoutWatch, a.peakCount, a.peakExpected.toFixed(2), a.score.toFixed(1), a.exampleAccounts.join(" ")]),
      ),
    );
  }
  return out.join("\n") + "\n";
}
