/**
 * `bun run demo:experiments --json` as an operator runs it, with no system running:
 * it starts the embedded system, runs two experiments in different layers (models
 * through pools, popularity blending through a worker flag), writes their reports,
 * removes the challenger and stops what it started. Short settings: a small world
 * and a short run, so the numbers are small; the statistics themselves are tested
 * in experiments/ (including an A/A run that must not claim a difference).
 */
import { afterAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isPortOpen } from "../../infra/db/embedded-database.ts";
import { freePort } from "../support/free-port.ts";
import { runJsonScript } from "../support/run-json-script.ts";
import { smallSystemEnv, smallSystemPorts } from "../support/small-system-env.ts";

const dir = mkdtempSync(join(tmpdir(), "demo-experiments-"));
const CONCLUSIONS = ["ship", "no detectable difference", "stop: guardrail harmed", "check assignment: SRM"];

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the demo prints with --json. */
type DemoResult = { experiments: { key: string; layer: string; users: { control: number; treatment: number }; srm_p: number; conclusion: string }[]; overlap_users: number };

test("demo:experiments runs two overlapping experiments in different layers and writes their reports", async () => {
  const ports = { ...await smallSystemPorts(), challenger: await freePort() };
  const out = join(dir, "reports");
  const result = await runJsonScript("demos/experiments/demo-experiments-main.ts", ["--json", "--seconds", "25", "--out", out], {
    ...process.env, ...smallSystemEnv(dir, ports), EXPERIMENT_WORKER_PORT: String(ports.challenger),
  }) as DemoResult;
  expect(result.experiments.map((e: { key: string; layer: string }) => [e.key.replace(/-\d{10}$/, ""), e.layer])).toEqual([["model-ab", "models"], ["popularity-blend", "ranking"]]);
  for (const e of result.experiments) {
    expect(e.users.control).toBeGreaterThan(0);
    expect(e.users.treatment).toBeGreaterThan(0);
    expect(e.srm_p).toBeGreaterThanOrEqual(0);
    expect(e.srm_p).toBeLessThanOrEqual(1);
    expect(CONCLUSIONS).toContain(e.conclusion);
    for (const format of ["md", "html", "json"]) expect(existsSync(join(out, `${e.key}.${format}`))).toBe(true);
    expect(readFileSync(join(out, `${e.key}.md`), "utf8")).toContain(e.key);
  }
  // Different layers overlap: users are in both experiments at once.
  expect(result.overlap_users).toBeGreaterThan(0);
  // It stopped what it started: no system state left, nothing listening.
  expect(existsSync(join(dir, "system.json"))).toBe(false);
  for (const port of [ports.router, ports.challenger, ...ports.workers]) expect(await isPortOpen(port)).toBe(false);
}, 480_000);
