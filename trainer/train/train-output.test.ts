/**
 * `bun run train` as scripts read it: with --json, stdout is one JSON object and every
 * stderr line is a JSON log line, progress included; off a terminal without --json,
 * stdout is the table and stderr still JSON. The process runs as an operator runs it,
 * on a small generated MovieLens fold (cross-validation writes nothing).
 */
import { expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "../..");
const ITERATIONS = 3;

/** A MovieLens-format fold 1 (u1.base, u1.test): 40 users rating 30 movies, seeded. */
function smallFold(): string {
  const dir = mkdtempSync(join(tmpdir(), "train-output-"));
  let seed = 7;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const lines: string[] = [];
  for (let user = 1; user <= 40; user++) {
    for (let movie = 1; movie <= 30; movie++) if (next() < 0.4) lines.push(`${user}\t${movie}\t${1 + Math.floor(next() * 5)}\t${user * 1000 + movie}`);
  }
  writeFileSync(join(dir, "u1.base"), lines.filter((_, i) => i % 5 !== 0).join("\n") + "\n");
  writeFileSync(join(dir, "u1.test"), lines.filter((_, i) => i % 5 === 0).join("\n") + "\n");
  return dir;
}

function train(args: string[]) {
  const result = spawnSync(join(ROOT, "node_modules/.bin/bun"), ["trainer/train/main.ts", ...args], {
    cwd: ROOT, encoding: "utf8", timeout: 60_000, env: { ...process.env, NO_COLOR: "1" },
  });
  expect({ code: result.status, stderr: result.status === 0 ? "" : result.stderr }).toEqual({ code: 0, stderr: "" });
  const stderr = result.stderr.split("\n").filter((line) => line.trim() !== "");
  return { stdout: result.stdout, stderr };
}

const args = (dir: string) => ["--dataset", `movielens:${dir}`, "--folds", "1", "--iterations", String(ITERATIONS), "--rank", "4"];

test("train --json prints one JSON object on stdout and only JSON lines on stderr, progress included", () => {
  const { stdout, stderr } = train([...args(smallFold()), "--json"]);
  const lines = stdout.trim().split("\n");
  expect(lines.length).toBe(1);
  const report = JSON.parse(lines[0]) as { folds: { fold: number }[] };
  expect(report.folds.map((f) => f.fold)).toEqual([1]);

  const logs = stderr.map((line) => JSON.parse(line) as Record<string, unknown>);
  const progress = logs.filter((l) => l.message === "progress");
  expect(progress[0]).toMatchObject({ component: "train", label: "cross-validation", unit: "iterations", done: 0, total: ITERATIONS, finished: false });
  expect(progress.at(-1)).toMatchObject({ done: ITERATIONS, total: ITERATIONS, finished: true });
  expect(logs.filter((l) => l.message === "fold").map((l) => l.fold)).toEqual([1]);
});

test("train off a terminal without --json prints its table on stdout and keeps stderr JSON", () => {
  const { stdout, stderr } = train(args(smallFold()));
  expect(() => JSON.parse(stdout)).toThrow();
  expect(stdout).toContain("rmse");
  for (const line of stderr) expect(() => JSON.parse(line)).not.toThrow();
  expect(stderr.some((line) => line.includes('"finished":true'))).toBe(true);
});
