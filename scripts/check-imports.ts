/**
 * Checks that imports run only downward (`bun scripts/check-imports.ts`; a step of
 * scripts/test.ts as `imports`). Layers, lowest first; a file may import its own
 * top-level folder or a lower layer:
 *   shared ← infra ← measurement, registry ← services (ingest trainer workers router
 *   experiments reporting simulator) ← release ← system, demos (and tests, bench, scripts).
 * Release sits just above the other services: `release replay` loads a recording into a
 * scratch store through ingestion's own stores, so a replay judges what ingestion would
 * have stored, and nothing below it imports release.
 * Test files may also import other folders of their own layer and tests/support; nothing
 * else may import tests/support (a `testing/` helper is not a test file). Exit 1 on any
 * violation; files git ignores stay out.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

const LAYER: Record<string, number> = {
  shared: 0, infra: 1, measurement: 2, registry: 2, "read-models": 2,
  ingest: 3, trainer: 3, workers: 3, router: 3, experiments: 3, reporting: 3, simulator: 3, release: 3.5,
  system: 4, demos: 4, tests: 4, bench: 4, scripts: 4, "(root)": 4,
};
// import … from "x", export … from "x", import "x", import("x")
const IMPORT = /\b(?:import|export)\s[^;'"`]*?\bfrom\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm;

/** The violations of `root`'s tracked and unignored source files, by kind. */
export function checkImports(root: string): Record<"upward" | "sideways" | "testSupport" | "unlayered", string[]> {
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" })
    .split("\n").filter((p) => /\.(ts|tsx|mts|mjs|js)$/.test(p) && !p.startsWith("node_modules/")).filter((p) => existsSync(join(root, p)));
  const isTest = (rel: string) => /\.test\.tsx?$/.test(rel);
  const top = (rel: string) => (rel.includes("/") ? rel.split("/")[0] : "(root)");
  const found = { upward: [] as string[], sideways: [] as string[], testSupport: [] as string[], unlayered: [] as string[] };
  for (const rel of files) {
    const text = readFileSync(join(root, rel), "utf8");
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (!spec.startsWith(".")) continue; // packages, node: builtins
      const target = relative(root, resolve(dirname(join(root, rel)), spec)).split(sep).join("/");
      const line = text.slice(0, m.index + m[0].search(/\S/)).split("\n").length;
      const row = `${rel}:${line} -> ${target}`;
      const from = top(rel), to = top(target);
      if (from === to) continue;
      if (target.startsWith("tests/support/")) {
        if (!isTest(rel) && !["tests", "bench"].includes(from)) found.testSupport.push(row);
        continue;
      }
      const lf = LAYER[from], lt = LAYER[to];
      if (lf === undefined || lt === undefined) found.unlayered.push(row);
      else if (lt > lf) found.upward.push(row);
      else if (lt === lf && lf < 4 && !isTest(rel)) found.sideways.push(row);
    }
  }
  return found;
}

if (import.meta.main) {
  const found = checkImports(resolve(process.argv[2] ?? join(import.meta.dir, "..")));
  const titles = {
    upward: "upward: a lower layer imports a higher one",
    sideways: "sideways: non-test code imports another folder of its own layer",
    testSupport: "non-test code imports tests/support",
    unlayered: "a folder with no layer (add it to LAYER)",
  };
  let total = 0;
  for (const [kind, rows] of Object.entries(found) as [keyof typeof titles, string[]][]) {
    total += rows.length;
    if (rows.length > 0) console.log(`\n## ${titles[kind]} (${rows.length})\n${rows.sort().join("\n")}`);
  }
  console.log(`\n${total} import violation(s)`);
  process.exit(total > 0 ? 1 : 0);
}
