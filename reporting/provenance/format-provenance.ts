/** The `provenance` report as Markdown, for people; `--json` prints the object itself. */
import type { Provenance } from "./build-provenance.ts";

const json = (x: unknown) => `\`${JSON.stringify(x)}\``;

/** Markdown for `report`. */
export function formatProvenance(report: Provenance): string {
  const r = report.request;
  const out: string[] = [
    `# Provenance of request ${r.requestId}`,
    "",
    report.summary,
    "",
    `* User ${r.userId ?? "(none)"}, ${r.time}, status ${r.status}, ${r.latencyMs} ms; items: ${r.items.join(", ") || "(none)"}`,
    `* Pool ${report.pool ?? "(none)"}, model ${report.modelVersion ?? "(none)"}, rules version ${report.rulesVersion ?? "(none)"}`,
    `* Experiments: ${report.assignments.map((a) => `${a.experiment}=${a.variant}`).join(", ") || "none"}`,
    "",
    "## Rules",
    "",
    report.rulesNote + ".",
  ];
  if (report.rules) out.push("", `Change: ${json(report.rules.change)}`);
  out.push("", "## Model", "", report.modelNote + ".");
  const m = report.model;
  if (m) {
    out.push(
      "",
      `* Algorithm ${m.algorithm}, hyperparameters ${json(m.hyperparameters)}`,
      `* Code commit ${m.code.commit}${m.code.dirty ? " (dirty)" : ""}; runtime ${m.runtime.name} ${m.runtime.version}; packages ${json(m.runtime.packages)}`,
      `* Metrics ${json(m.metrics)}`,
      `* Registered ${m.createdAt}, parent ${m.parentVersion ?? "(none)"}`,
    );
  }
  const d = report.trainingData;
  if (d) {
    out.push(
      "",
      "## Training data",
      "",
      `* Snapshot ${d.snapshotId} from ${d.source}, rows ${json(d.rows)}, events ${d.timeRange.from ?? "?"} – ${d.timeRange.to ?? "?"}`,
      `* Content hash ${d.contentHash ?? "(not in the manifest)"}; recorded in data_snapshots: ${d.recorded ? "yes" : "no"}; on disk at ${d.onDisk.path}: ${d.onDisk.exists ? "yes" : "no"}${d.onDisk.contentHashMatches === false ? " (content hash differs)" : ""}`,
      "",
      `Rebuild: ${d.rebuild}`,
    );
  }
  return out.join("\n") + "\n";
}
