/**
 * `bun run demo:experiments --json` as an operator runs it, with no system running:
 * it starts the embedded system, runs three experiments in two layers (models through
 * pools, an interleaving of two models' rankings, popularity blending through a worker
 * flag), reads their reports while they run, stops each one that is conclusive and the
 * rest at the cap, writes their reports, removes the extra workers and their pools and
 * stops what it started.
 *
 * Short settings: a small world and a 25 s cap, far below what the demo's designs need
 * to be settled (minutes: demos/experiments/demo-sizing.ts), so this checks that the
 * demo is correct, not that it is conclusive: the verdicts are real report verdicts,
 * the exit code agrees with them (0 only when every experiment is conclusive, else 2),
 * the demo says how each experiment ended, and it leaves nothing running. The stop
 * rule itself is tested in demos/experiments/run-until-conclusive.test.ts, and the
 * statistics in experiments/.
 */
import { afterAll, expect, test } from "bun:test";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isPortOpen } from "../../infra/db/embedded-database.ts";
import { isConclusive } from "../../demos/experiments/conclusive-verdict.ts";
import { freePort } from "../support/free-port.ts";
import { smallSystemEnv, smallSystemPorts } from "../support/small-system-env.ts";

const ROOT = join(import.meta.dir, "../..");
const dir = mkdtempSync(join(tmpdir(), "demo-experiments-"));
const CONCLUSIONS = ["ship", "equivalent", "no detectable difference", "stop: guardrail harmed", "check assignment: SRM", "B preferred", "A preferred"];
const CAP_SECONDS = 25;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the demo prints with --json; exactly these keys. */
type DemoResult = {
  experiments: { key: string; layer: string; users: { control: number; treatment: number }; srm_p: number; lift: number | null; ci: [number, number] | null; p_value: number | null; conclusion: string }[];
  overlap_users: number;
};

/** Runs the demo; its exit code, its last stdout line parsed, and its stderr (the tail). */
async function runDemo(args: readonly string[], env: Record<string, string | undefined>) {
  const child = spawn(join(ROOT, "node_modules/.bin/bun"), ["demos/experiments/demo-experiments-main.ts", ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-200_000)));
  const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
  const last = stdout.trim().split("\n").at(-1) ?? "";
  let json: unknown = null;
  try {
    json = JSON.parse(last);
  } catch {
    throw new Error(`the demo exited ${code} without a JSON result:\n${stdout}\n${stderr.slice(-20_000)}`);
  }
  return { code, json: json as DemoResult, stderr };
}

test("demo:experiments watches three experiments in two layers until conclusive or the cap, and writes their reports", async () => {
  const ports = { ...await smallSystemPorts(), challenger: await freePort(), weak: await freePort() };
  const out = join(dir, "reports");
  const { code, json: result, stderr } = await runDemo(["--json", "--seconds", String(CAP_SECONDS), "--out", out], {
    ...process.env, ...smallSystemEnv(dir, ports), EXPERIMENT_WORKER_PORT: String(ports.challenger), EXPERIMENT_WEAK_WORKER_PORT: String(ports.weak),
  });
  expect(Object.keys(result).sort()).toEqual(["experiments", "overlap_users"]);
  expect(result.experiments.map((e) => [e.key.replace(/-\d{10}$/, ""), e.layer])).toEqual([["model-ab", "models"], ["popularity-blend", "ranking"], ["prefer", "models"]]);
  for (const e of result.experiments) {
    expect(Object.keys(e).sort()).toEqual(["ci", "conclusion", "key", "layer", "lift", "p_value", "srm_p", "users"]);
    expect(e.users.control).toBeGreaterThan(0);
    expect(e.users.treatment).toBeGreaterThan(0);
    expect(e.srm_p).toBeGreaterThanOrEqual(0);
    expect(e.srm_p).toBeLessThanOrEqual(1);
    expect(CONCLUSIONS).toContain(e.conclusion);
    for (const format of ["md", "html", "json"]) expect(existsSync(join(out, `${e.key}.${format}`))).toBe(true);
    expect(readFileSync(join(out, `${e.key}.md`), "utf8")).toContain(e.key);
    // The demo says how each experiment's watch ended: settled, or stopped at the cap.
    expect(stderr).toMatch(new RegExp(`${e.key} was (conclusive after \\d+ s|still open at the ${CAP_SECONDS} s cap): stopped`));
  }
  // Its reports were read while the experiments ran.
  expect(stderr).toMatch(/\[check\] \d+ s model-ab-\d{10}: /);
  // Exit 0 only when every experiment is conclusive; 2 when one was still open.
  expect(code).toBe(result.experiments.every((e) => isConclusive(e.conclusion)) ? 0 : 2);
  // Different layers overlap: users are in both experiments at once.
  expect(result.overlap_users).toBeGreaterThan(0);
  // It stopped what it started: no system state left, nothing listening.
  expect(existsSync(join(dir, "system.json"))).toBe(false);
  for (const port of [ports.router, ports.challenger, ports.weak, ...ports.workers]) expect(await isPortOpen(port)).toBe(false);
}, 480_000);
