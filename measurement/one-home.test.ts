/**
 * The measurement layer is the only home of the conversion predicate, the stream
 * clock, the judged-period arithmetic and the site's timeout: this fails when a
 * module elsewhere writes one of them again (tests, fixtures and benchmarks excepted).
 */
import { expect, test } from "bun:test";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dir, "..");

/** What each definition looks like when it is written out instead of called. */
const DEFINITIONS: Record<string, RegExp> = {
  "conversion predicate (SQL)": /first_time\s*<\s*[a-z_]+\.time\s*\+|first_time\s*>=\s*[a-z_]+\.time/,
  "conversion predicate (TS)": /firstTime\s*<\s*[a-zA-Z_.]+time\s*\+|(^|[^A-Z_])CONVERSION_WINDOW_MS\s*=\s*[0-9]/,
  "stream clock query": /max\(watermark\)|from ingest_checkpoints where topic|select max\(time\) from recommendation_events|max\(last_time\)/,
  "judged-period arithmetic": /(streamEnd|streamTo|streamClock)[^;]*-\s*(window|conversionWindowMs)\b/,
  "site timeout": /\b800\b|latency_ms\s*(<|<=|>|>=)/,
};

/** Modules that may hold the definitions: the layer itself, and code that only tests or measures it. */
const exempt = (path: string) =>
  path.startsWith("measurement/") || path.startsWith("tests/") || path.startsWith("bench/") || path.includes("/testing/") ||
  /\.test\.tsx?$/.test(path);

test("no module outside measurement/ defines conversion, the stream clock, the judged period or the site's timeout", () => {
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.ts", "*.tsx"], { cwd: root, encoding: "utf8" })
    .split("\n").filter((path) => path.length > 0 && !exempt(path));
  expect(files.length).toBeGreaterThan(100);
  const found: string[] = [];
  for (const path of files) {
    let text: string;
    try {
      text = readFileSync(join(root, path), "utf8");
    } catch {
      continue; // deleted in the work tree
    }
    text.split("\n").forEach((line, i) => {
      for (const [what, pattern] of Object.entries(DEFINITIONS)) if (pattern.test(line)) found.push(`${path}:${i + 1} ${what}`);
    });
  }
  expect(found).toEqual([]);
});
