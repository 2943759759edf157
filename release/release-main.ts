/**
 * `bun run release --model <version> | --resume [--json] [--inject-fault error-rate=<x>]`:
 * the release supervisor. Starts a release of a registered model (or resumes the
 * active one after a crash), runs preflight, the canary steps with their checks,
 * and promotion or rollback, then emails the outcome (or writes it to the outbox).
 * Exit 0: promoted; 2: aborted or rolled back; 3: refused (unknown model, or another
 * release is active); 1: the supervisor itself failed.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { CommandError, formatPathIssues, readArgs } from "../infra/cli/command.ts";
import { exitCode } from "../infra/cli/exit-codes.ts";
import { createShutdown } from "../infra/process/on-shutdown.ts";
import { z } from "zod";
import { connectDatabase } from "../infra/db/connect-database.ts";
import { ensureDatabase } from "../infra/db/ensure-database.ts";
import { migrateDatabase } from "../infra/db/migrate-database.ts";
import { createLogger, errorMessage } from "../infra/log/logger.ts";
import { readSystemState } from "../infra/process/system-state.ts";
import { GateConfig } from "../registry/offline-gate.ts";
import { findModel, findProductionModel } from "../registry/model-registry.ts";
import type { CanaryFaults, CanaryLauncher } from "./launcher/canary-launcher.ts";
import { processCanaryLauncher } from "./launcher/process-canary-launcher.ts";
import { slotCanaryLauncher } from "./launcher/slot-canary-launcher.ts";
import { loadNotifyConfig } from "./notify/config.ts";
import { releaseEmailDeps } from "./notify/release-email-deps.ts";
import { sendReleaseEmail } from "./notify/send-release-email.ts";
import { CanaryPolicy } from "./policy/canary-policy.ts";
import type { ReleaseState } from "../shared/release/release-state.ts";
import { nextReleaseState } from "./state/next-release-state.ts";
import { findActiveRelease } from "../read-models/read-releases.ts";
import { saveReleaseState, startRelease } from "./state/release-store.ts";
import { buildReleaseReport } from "./supervisor/build-release-report.ts";
import { loadReleaseConfig, notifyEnvWithLocalDefaults, type ReleaseConfig } from "./supervisor/release-config.ts";
import { superviseRelease } from "./supervisor/supervise-release.ts";

const ROOT = join(import.meta.dir, "..");
const log = createLogger("release");

const command = {
  name: "bun run release",
  summary: "A release of a registered model: preflight, canary steps with their checks, promotion or rollback, the outcome emailed.",
  usage: ["--model <version> | <train-report.json> | --resume  [--json] [--inject-fault error-rate=<0..1>]"],
  examples: ["bun run release --model <version> --json", "bun run release --resume"],
  flags: {
    model: z.string().min(1).optional().describe("the registered model version to release"),
    resume: z.boolean().default(false).describe("carry on the active release after a crash"),
    "inject-fault": z.string().optional().describe("error-rate=<0..1>: the canary worker fails that share of requests (a rollback drill)"),
  },
  json: true,
  positionals: z.array(z.string()).max(1, "give exactly one of --model <version>, a train report file, and --resume"),
  notes: ["exit 0: promoted; 2: aborted or rolled back (or bad usage); 3: refused (unknown model, or another release is active); 1: error"],
} as const;

function fail(message: string, outcome: "usage" | "error" = "usage"): never {
  console.error(message);
  process.exit(exitCode(outcome));
}

function parseCli() {
  const read = readArgs(command, process.argv.slice(2));
  if (read.kind === "help") {
    console.log(read.text);
    process.exit(exitCode("ok"));
  }
  if (read.kind === "usage") fail(read.text);
  const values = read.args;
  try {
    // A train report (what `bun run train --json` printed) names the model, as in the Jenkins pipeline.
    const fromReport = values.positionals.length === 1 ? TrainReport.parse(JSON.parse(readFileSync(values.positionals[0], "utf8"))).version : undefined;
    const given = [values.model, fromReport, values.resume].filter(Boolean).length;
    if (given !== 1) throw new Error("give exactly one of --model <version>, a train report file, and --resume");
    return { model: values.model ?? fromReport, json: values.json, faults: parseFaults(values["inject-fault"]) };
  } catch (error) {
    return fail(`${errorMessage(error)}\nusage: ${command.name} ${command.usage[0]}`);
  }
}

const TrainReport = z.object({ version: z.string().min(1) });

/** `error-rate=0.5`: the canary worker fails that share of requests (a rollback drill). */
function parseFaults(text: string | undefined): CanaryFaults {
  if (text === undefined) return {};
  const match = /^error-rate=(0(\.\d+)?|1(\.0+)?)$/.exec(text);
  if (!match) throw new Error(`--inject-fault ${JSON.stringify(text)}: expected error-rate=<number from 0 to 1>`);
  return { errorRate: Number(match[1]) };
}

function loadPolicy(config: ReleaseConfig): CanaryPolicy {
  if (!config.RELEASE_POLICY_FILE) return CanaryPolicy.parse({});
  const parsed = CanaryPolicy.safeParse(JSON.parse(readFileSync(config.RELEASE_POLICY_FILE, "utf8")));
  if (!parsed.success) fail(`${config.RELEASE_POLICY_FILE}: invalid canary policy: ${formatPathIssues(parsed.error.issues)}`);
  return parsed.data;
}

const args = parseCli();
const env = process.env;
let config: ReleaseConfig;
try {
  config = loadReleaseConfig(env);
} catch (error) {
  fail(errorMessage(error));
}
const policy = loadPolicy(config);
const notify = loadNotifyConfig(notifyEnvWithLocalDefaults(env));
const systemStateFile = resolve(ROOT, config.SYSTEM_STATE_FILE);
const system = readSystemState(systemStateFile);
const adminToken = config.ADMIN_TOKEN ?? system?.adminToken;
if (!adminToken) fail("no worker admin token: set ADMIN_TOKEN, or start the system with `npm start` (it records its token)");

const server = await ensureDatabase({ ...config, DATABASE_URL: config.DATABASE_URL ?? system?.databaseUrl }, (l) => log.info(l));
await migrateDatabase(server.url);
const database = connectDatabase(server.url, { applicationName: "release-supervisor" });
const sql = database.sql;

const launcher: CanaryLauncher = config.RELEASE_LAUNCHER === "slot"
  ? slotCanaryLauncher({
    url: config.RELEASE_CANARY_URL!,
    adminToken,
    readyTimeoutMs: config.RELEASE_WORKER_READY_TIMEOUT_MS,
    restingVersion: async () => (await findProductionModel(sql))?.version ?? null,
  })
  : processCanaryLauncher({
    bun: process.execPath,
    root: ROOT,
    port: config.RELEASE_CANARY_PORT,
    env: { ...env, DATABASE_URL: server.url, WORKER_ADMIN_TOKEN: adminToken },
    // Beside the system's own state, so each system (and each test's) has its canary.
    stateFile: join(dirname(systemStateFile), "canary-worker.json"),
    logFile: join(dirname(systemStateFile), "logs", "canary-worker.log"),
    readyTimeoutMs: config.RELEASE_WORKER_READY_TIMEOUT_MS,
  });

const say = (line: string) => (args.json ? console.error(line) : console.log(line));
let lastPrinted = "";
const progress = (state: ReleaseState) => {
  const decision = state.history[state.history.length - 1];
  const line = decision ? `release ${state.id} ${decision.from} → ${decision.to}: ${decision.detail}` : `release ${state.id} ${state.phase}`;
  if (line !== lastPrinted) say(line);
  lastPrinted = line;
};

// A stopped supervisor leaves the release as stored: a rerun with --resume carries on.
const shutdown = createShutdown({
  onStart: (signal) => say(`${signal}: the supervisor stops; the release is kept as it is. Resume it with: bun run release --resume`),
  onStepError: (step, error) => log.warn("stop failed", { step, error: errorMessage(error) }),
  signalExitCode: exitCode("interrupted"),
});
shutdown.add("database server", () => server.stop());
shutdown.add("database", () => database.close());

let code = exitCode("error");
try {
  let state: ReleaseState;
  const active = await findActiveRelease(sql);
  if (active && (args.model === undefined || active.modelVersion === args.model)) {
    say(`resuming release ${active.id} of ${active.modelVersion} (${active.phase})`);
    const restarted = nextReleaseState(active, { type: "supervisor_restarted", at: Date.now() }, policy).state;
    const saved = await saveReleaseState(sql, restarted, active);
    if (!saved.ok) throw new CommandError("release_refused", saved.message);
    state = restarted;
  } else if (args.model === undefined) {
    throw new CommandError("release_refused", "no active release to resume");
  } else {
    const started = await startRelease(sql, args.model);
    if (!started.ok) throw new CommandError("release_refused", started.message);
    state = started.state;
    say(`release ${state.id}: ${state.modelVersion} replacing ${state.previousVersion ?? "(no production model)"}`);
  }

  const final = await superviseRelease({
    sql, policy, gate: GateConfig.parse({}), launcher, workerAdminToken: adminToken,
    now: Date.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), log,
    streamTopic: config.KAFKA_TOPIC, conversionWindowMs: config.RELEASE_CONVERSION_WINDOW_MS,
    clientTimeoutMs: config.RELEASE_CLIENT_TIMEOUT_MS, routingSettleMs: config.RELEASE_ROUTING_SETTLE_MS,
    workerReadyTimeoutMs: config.RELEASE_WORKER_READY_TIMEOUT_MS, maxCanaryFailures: config.RELEASE_MAX_CANARY_FAILURES,
    faults: args.faults, onState: progress,
  }, state);

  const candidate = await findModel(sql, final.modelVersion);
  const report = buildReleaseReport(final, policy, {
    codeCommit: candidate?.manifest.code.commit ?? "unknown",
    dataSnapshotId: candidate?.manifest.snapshot.id ?? "unknown",
    buildLink: config.BUILD_URL,
  });
  const email = await sendReleaseEmail(report, releaseEmailDeps(notify, () => new Date(), env.RESEND_BASE_URL || undefined));
  const summary = { release: final.id, model: final.modelVersion, outcome: report.outcome, stage: report.stage, reason: report.reason, email };
  if (args.json) console.log(JSON.stringify(summary));
  else {
    say(`release ${final.id}: ${report.outcome} at ${report.stage}: ${report.reason}`);
    say(email.status === "sent" ? `email sent (${email.id})` : email.status === "outbox" ? `email written to ${email.path}` : `email failed (${email.reason}); copy in ${email.path}`);
  }
  code = exitCode(report.outcome === "promoted" ? "ok" : "rolled_back");
} catch (error) {
  if (error instanceof CommandError) {
    console.error(error.message);
    code = exitCode(error.outcome);
  } else log.error("the release supervisor failed", { error: errorMessage(error) });
} finally {
  await database.close();
  await server.stop();
}
process.exit(code);
