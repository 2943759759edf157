/**
 * `bun run demo:releases [--json]`: three releases under simulated traffic, with the
 * canary windows compressed (demos/releases/demo-policy.json):
 *   1. a freshly trained model that is promoted;
 *   2. a model that fails the offline gate (deliberately starved hyperparameters),
 *      aborted at preflight before any user sees it;
 *   3. a model that passes offline (a rebuild of the promoted model's snapshot) but
 *      whose canary worker fails half its requests (fault injection), rolled back
 *      during the canary.
 * Uses the running system, or starts one (and stops it afterwards). Counts the
 * site's requests during the demo from the stream, and the emails written.
 * `--json` prints {"releases":[...],"requests":N,"failed_requests":F,"emails":E}.
 */
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Outcome, runMain } from "../../infra/cli/command.ts";
import { connectDatabase } from "../../infra/db/connect-database.ts";
import { timestampSql } from "../../infra/db/epoch-sql.ts";
import { errorMessage } from "../../infra/log/logger.ts";
import { ensureDemoSystem } from "../../system/ensure-demo-system.ts";
import { printLine } from "../../infra/terminal/progress.ts";
import { createProgressRelay } from "../../infra/terminal/relay-progress.ts";
import { readStreamClock } from "../../measurement/stream-clock.ts";
import { runJsonCommand } from "./run-json-command.ts";

const ROOT = join(import.meta.dir, "../..");
const POLICY_FILE = join(import.meta.dir, "demo-policy.json");

type ReleaseSummary = { release: number; model: string; outcome: string; stage: string; reason: string; email: { status: string } };
type DemoRelease = { model: string; outcome: string; stage?: string; reason: string };

const command = {
  name: "bun run demo:releases",
  summary: "Three releases under simulated traffic: one promoted, one aborted at preflight, one rolled back during the canary.",
  usage: ["[--json]"],
  examples: ["bun run demo:releases --json"],
  flags: {},
  json: true,
  notes: [
    '--json prints {"releases":[...],"requests":N,"failed_requests":F,"emails":E}',
    "exit 0: the three releases ended as expected and no request failed; 2: they did not; 1: the demo itself failed",
  ],
} as const;
/** A line of a step's output, named after the step, above any progress bar. */
const quiet = (prefix: string) => (line: string) => printLine(`[${prefix}] ${line}`);

await runMain(command, async (args, { print, say }): Promise<Outcome> => {
  // A system this demo starts shows its warm-up and first training as bars on a terminal.
  const systemOutput = createProgressRelay({ json: args.json, other: quiet("system") });
  const demo = await ensureDemoSystem({ onLine: systemOutput.line, say });
  const system = demo.system;
  const env = {
    ...demo.env,
    RELEASE_POLICY_FILE: process.env.RELEASE_POLICY_FILE || POLICY_FILE,
    // Stream minutes: the simulated site runs faster than the wall clock.
    RELEASE_CONVERSION_WINDOW_MS: process.env.RELEASE_CONVERSION_WINDOW_MS || String(10 * 60_000),
  };
  const database = connectDatabase(system.state.databaseUrl, { applicationName: "demo-releases", max: 2 });
  const outboxDir = resolve(ROOT, process.env.RELEASE_OUTBOX_DIR || ".data/outbox");
  const outboxFiles = () => (existsSync(outboxDir) ? readdirSync(outboxDir).length : 0);
  const run = { cwd: ROOT, env, json: args.json };

  try {
    const outboxBefore = outboxFiles();
    const streamStart = (await readStreamClock(database.sql, system.state.kafkaTopic)) ?? Date.now();
    let sent = 0;

    const train = async (label: string, flags: string[]) => {
      say(`training ${label}…`);
      const trained = await runJsonCommand("trainer/train/main.ts", ["--json", ...flags], { ...run, onLine: quiet("train") });
      const report = trained.json as { version?: string; snapshot?: { id: string }; gate?: { pass: boolean; reasons: string[] } } | null;
      if (!report?.version || (trained.code !== 0 && trained.code !== 2)) throw new Error(`training ${label} failed (exit ${trained.code})`);
      say(`  ${report.version}: offline gate ${report.gate?.pass ? "passed" : `failed (${report.gate?.reasons.join("; ")})`}`);
      return { version: report.version, snapshot: report.snapshot?.id };
    };
    const release = async (model: string, extra: string[] = []): Promise<DemoRelease> => {
      say(`releasing ${model}${extra.length ? ` (${extra.join(" ")})` : ""}…`);
      const result = await runJsonCommand("release/release-main.ts", ["--model", model, "--json", ...extra], { ...run, onLine: quiet("release") });
      const summary = result.json as ReleaseSummary | null;
      if (!summary || ![0, 2].includes(result.code ?? -1)) throw new Error(`the release of ${model} failed (exit ${result.code})`);
      if (summary.email.status === "sent") sent++;
      say(`  ${summary.outcome} at ${summary.stage}: ${summary.reason}`);
      const stage = summary.outcome === "promoted" ? undefined : summary.stage.startsWith("canary") ? "canary" : summary.stage;
      return { model, outcome: summary.outcome, ...(stage ? { stage } : {}), reason: summary.reason };
    };

    const releases: DemoRelease[] = [];
    const good = await train("a candidate on the latest data", []);
    releases.push(await release(good.version));
    const starved = await train("a starved model (rank 2, one iteration, huge regularisation)", ["--rank", "2", "--iterations", "1", "--lambda", "100000"]);
    releases.push(await release(starved.version));
    // A rebuild from the promoted model's snapshot is as good offline by construction;
    // what hurts users is its canary worker, which fails half its requests.
    const rebuild = await train("a rebuild of the promoted model's snapshot", good.snapshot ? ["--dataset", `snapshot:${good.snapshot}`] : []);
    releases.push(await release(rebuild.version, ["--inject-fault", "error-rate=0.5"]));

    // Let ingestion catch up with the last answers before counting them.
    await new Promise((r) => setTimeout(r, 3000));
    const streamEnd = (await readStreamClock(database.sql, system.state.kafkaTopic)) ?? Date.now();
    const [counts] = await database.sql`
      select count(*)::int as requests, count(*) filter (where status <> 200)::int as failed
      from recommendation_events
      where time >= ${timestampSql(database.sql, streamStart)} and time <= ${timestampSql(database.sql, streamEnd)}`;
    const result = {
      releases: releases.map(({ reason: _, ...r }) => r),
      requests: counts.requests as number,
      failed_requests: counts.failed as number,
      emails: outboxFiles() - outboxBefore + sent,
    };
    print(result, [
      "",
      ...releases.map((r) => `${r.model}: ${r.outcome}${r.stage ? ` at ${r.stage}` : ""} (${r.reason})`),
      `${result.requests} requests during the demo, ${result.failed_requests} failed; ${result.emails} emails`,
    ].join("\n"));
    const expected = ["promoted", "aborted", "rolled_back"];
    return releases.every((r, i) => r.outcome === expected[i]) && result.failed_requests === 0 ? "ok" : "gate_failed";
  } finally {
    await database.close();
    await system.stop();
    systemOutput.close();
  }
}, (error) => console.error(`demo failed: ${errorMessage(error)}`));
