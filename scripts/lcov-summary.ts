/**
 * Line coverage over several LCOV reports of the same tree (the Bun suites, the Deno
 * suites, the embedded-database pass): a line counts as covered when any report ran it,
 * so a file tested under both runtimes is counted once. The figure the suite prints, and
 * the one Jenkins' coverage report should agree with.
 */

export type LineCoverage = { readonly files: number; readonly lines: number; readonly covered: number };

/** Merged line coverage of `reports` (LCOV texts); `root` is cut from absolute source paths. */
export function summarizeLcov(reports: readonly string[], root: string): LineCoverage {
  const prefix = root.endsWith("/") ? root : `${root}/`;
  const files = new Map<string, Map<number, boolean>>();
  for (const report of reports) {
    let lines: Map<number, boolean> | null = null;
    for (const line of report.split("\n")) {
      if (line.startsWith("SF:")) {
        const path = line.slice(3).trim();
        const key = path.startsWith(prefix) ? path.slice(prefix.length) : path;
        lines = files.get(key) ?? new Map();
        files.set(key, lines);
      } else if (line.startsWith("DA:") && lines !== null) {
        const [number, hits] = line.slice(3).split(",").map(Number);
        if (Number.isInteger(number) && Number.isFinite(hits)) lines.set(number, (lines.get(number) ?? false) || hits > 0);
      } else if (line.startsWith("end_of_record")) {
        lines = null;
      }
    }
  }
  let total = 0;
  let covered = 0;
  for (const lines of files.values()) {
    total += lines.size;
    for (const hit of lines.values()) if (hit) covered++;
  }
  return { files: files.size, lines: total, covered };
}

/** `LCOV` with `root` cut from its absolute source paths, so reports of different runners name files alike. */
export function relativizeLcov(lcov: string, root: string): string {
  const prefix = root.endsWith("/") ? root : `${root}/`;
  return lcov.split("\n").map((line) => (line.startsWith(`SF:${prefix}`) ? `SF:${line.slice(3 + prefix.length)}` : line)).join("\n");
}
