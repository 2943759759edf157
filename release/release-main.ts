/**
 * `bun run release --model <version> | <train-report.json> | --resume [--json] [--inject-fault error-rate=<x>]`:
 * the release supervisor; `bun run release replay …` re-judges a recorded canary
 * (replay/replay-command.ts). Starts a release of a registered model (or resumes the
 * active one after a crash), runs preflight, the canary steps with their checks,
 * and promotion or rollback, then emails the outcome (or writes it to the outbox).
 * Exit codes come from the outcome (infra/cli/exit-codes.ts): 0 promoted; 2 aborted
 * or rolled back (or bad usage); 3 refused (unknown model, or another release is
 * active); 130 stopped by a signal, the release kept for --resume; 1 the supervisor
 * itself failed.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type postgres from "postgres";
import { z } from "zod";
import { type CommandArgs, type CommandContext, CommandError, formatPathIssues, type Outcome, usageError } from "../infra/cli/command.ts";
import { runGroupMain, subcommand } from "../infra/cli/command-group.ts";
import { exitCode } from "../infra/cli/exit-codes.ts";
import { connectDatabase } from "../infra/db/connect-database.ts";
import { ensureDatabase } from "../infra/db/ensure-database.ts";
import { migrateDatabase } from "../infra/db/migrate-database.ts";
import { createLogger, errorMessage } from "../infra/log/logger.ts";
import { createShutdown } from "../infra/process/on-shutdown.ts";
import { readSystemState } from "../infra/process/system-state.ts";
import { findActiveRelease } from "../read-models/read-releases.ts";
import { findModel, findProductionModel } from "../registry/model-registry.ts";
import { GateConfig } from "../registry/offline-gate.ts";
import { readTrainReportVersion } from "../registry/read-train-report-version.ts";
import type { ReleaseState } from "../shared/release/release-state.ts";
import type { CanaryFaults, CanaryLauncher } from "./launcher/canary-launcher.ts";
import { processCanaryLauncher } from "./launcher/process-canary-launcher.ts";
import { slotCanaryLauncher } from "./launcher/slot-canary-launcher.ts";
import { loadNotifyConfig } from "./notify/config.ts";
import { releaseEmailDeps, sendReleaseEmail } from "./notify/send-release-email.ts";
import { CanaryPolicy } from "./policy/canary-policy.ts";
import { nextReleaseState } from "./state/next-release-state.ts";
import { saveReleaseState, startRelease } from "./state/release-store.ts";
import { buildReleaseReport } from "./supervisor/build-release-report.ts";
import { loadReleaseConfig, notifyEnvWithLocalDefaults, type ReleaseConfig } from "./supervisor/release-config.ts";
import { superviseRelease } from "./supervisor/supervise-release.ts";
import { replaySubcommand } from "./replay/replay-command.ts";

const ROOT = join(import.meta.dir, "..");
const log = createLogger("release");
const EXACTLY_ONE = "give exactly one of --model <version>, a train report file, and --resume";

const releaseCommand = {
  name: "bun run release",
  summary: "A release of a registered model: preflight, canary steps with their checks, promotion or rollback, the outcome emailed.",
  usage: ["--model <version> | <train-report.json> | --resume  [--json] [--inject-fault error-rate=<0..1>]"],
  examples: ["bun run release --model <version> --json", "bun run release reports/train.json", "bun run release --resume"],
  flags: {
    model: z.string().min(1).optional().describe("the registered model version to release"),
    resume: z.boolean().default(false).describe("carry on the active release after a crash"),
    "inject-fault": z.string().regex(/^error-rate=(0(\.\d+)?|1(\.0+)?)$/, {
      error: (issue) => `must be error-rate=<number from 0 to 1>: current value is ${JSON.stringify(issue.input)}`,
    }).optional()
      .describe("error-rate=<0..1>: the canary worker fails that share of requests (a rollback drill)"),
  },
  json: true,
  positionals: z.array(z.string()).max(1, EXACTLY_ONE),
  notes: [
    `--json prints {"release","model","outcome","stage","reason","email"}`,
    "exit 0: promoted; 2: aborted or rolled back (or bad usage); 3: refused (unknown model, or another release is active); " +
    "130: stopped by a signal (resume it with --resume); 1: error",
  ],
} as const;

type ReleaseArgs = CommandArgs<typeof releaseCommand.flags, typeof releaseCommand.positionals>;

/** The model to release (given, or named by a train report, as in the Jenkins pipeline), or none to resume. */
function requestedModel(args: ReleaseArgs): string | undefined {
  const [reportFile] = args.positionals;
  if ([args.model, reportFile, args.resume].filter(Boolean).length !== 1) throw usageError(releaseCommand, EXACTLY_ONE);
  return args.model ?? (reportFile === undefined ? undefined : readTrainReportVersion(reportFile));
}

/** `error-rate=0.5`: the canary worker fails that share of requests (a rollback drill). */
function faultsOf(text: string | undefined): CanaryFaults {
  return text === undefined ? {} : { errorRate: Number(text.slice("error-rate=".length)) };
}

function loadPolicy(config: ReleaseConfig): CanaryPolicy {
  if (!config.RELEASE_POLICY_FILE) return CanaryPolicy.parse({});
  const parsed = CanaryPolicy.safeParse(JSON.parse(readFileSync(config.RELEASE_POLICY_FILE, "utf8")));
  if (!parsed.success) throw new CommandError("usage", `${config.RELEASE_POLICY_FILE}: invalid canary policy: ${formatPathIssues(parsed.error.issues)}`);
  return parsed.data;
}

/** Configuration read from the environment; a bad value is a usage error naming the variable. */
function loadConfig(env: Record<string, string | undefined>) {
  try {
    const config = loadReleaseConfig(env);
    return { config, notify: loadNotifyConfig(notifyEnvWithLocalDefaults(env)) };
  } catch (error) {
    throw new CommandError("usage", errorMessage(error));
  }
}

/** Starts a release of `model`, or resumes the active one (of `model`, when given); refused when neither can be. */
async function releaseToRun(sql: postgres.Sql, model: string | undefined, policy: CanaryPolicy, say: (line: string) => void): Promise<ReleaseState> {
  const active = await findActiveRelease(sql);
  if (active && (model === undefined || active.modelVersion === model)) {
    say(`resuming release ${active.id} of ${active.modelVersion} (${active.phase})`);
    const restarted = nextReleaseState(active, { type: "supervisor_restarted", at: Date.now() }, policy).state;
    const saved = await saveReleaseState(sql, restarted, active);
    if (!saved.ok) throw new CommandError("release_refused", saved.message);
    return restarted;
  }
  if (model === undefined) throw new CommandError("release_refused", "no active release to resume");
  const started = await startRelease(sql, model);
  if (!started.ok) throw new CommandError("release_refused", started.message);
  say(`release ${started.state.id}: ${started.state.modelVersion} replacing ${started.state.previousVersion ?? "(no production model)"}`);
  return started.state;
}

/** One release from start (or resume) to its email; the outcome is the release's. */
async function runRelease(args: ReleaseArgs, out: CommandContext): Promise<Outcome> {
  const model = requestedModel(args);
  const env = process.env;
  const { config, notify } = loadConfig(env);
  const policy = loadPolicy(config);
  const systemStateFile = resolve(ROOT, config.SYSTEM_STATE_FILE);
  const system = readSystemState(systemStateFile);
  const adminToken = config.ADMIN_TOKEN ?? system?.adminToken;
  if (!adminToken) throw new CommandError("usage", "no worker admin token: set ADMIN_TOKEN, or start the system with `npm start` (it records its token)");

  const server = await ensureDatabase({ ...config, DATABASE_URL: config.DATABASE_URL ?? system?.databaseUrl }, (l) => log.info(l));
  const database = connectDatabase(server.url, { applicationName: "release-supervisor" });
  // A stopped supervisor leaves the release as stored: a rerun with --resume carries on.
  const shutdown = createShutdown({
    onStart: (signal) => out.say(`${signal}: the supervisor stops; the release is kept as it is. Resume it with: bun run release --resume`),
    onStepError: (step, error) => log.warn("stop failed", { step, error: errorMessage(error) }),
    signalExitCode: exitCode("interrupted"),
  });
  shutdown.add("database server", () => server.stop());
  shutdown.add("database", () => database.close());
  try {
    await migrateDatabase(server.url);
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
    let lastPrinted = "";
    const progress = (state: ReleaseState) => {
      const decision = state.history[state.history.length - 1];
      const line = decision ? `release ${state.id} ${decision.from} → ${decision.to}: ${decision.detail}` : `release ${state.id} ${state.phase}`;
      if (line !== lastPrinted) out.say(line);
      lastPrinted = line;
    };

    const state = await releaseToRun(sql, model, policy, out.say);
    const final = await superviseRelease({
      sql, policy, gate: GateConfig.parse({}), launcher, workerAdminToken: adminToken,
      now: Date.now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), log,
      streamTopic: config.KAFKA_TOPIC, conversionWindowMs: config.RELEASE_CONVERSION_WINDOW_MS,
      clientTimeoutMs: config.RELEASE_CLIENT_TIMEOUT_MS, routingSettleMs: config.RELEASE_ROUTING_SETTLE_MS,
      workerReadyTimeoutMs: config.RELEASE_WORKER_READY_TIMEOUT_MS, maxCanaryFailures: config.RELEASE_MAX_CANARY_FAILURES,
      faults: faultsOf(args["inject-fault"]), onState: progress,
    }, state);

    const candidate = await findModel(sql, final.modelVersion);
    const report = buildReleaseReport(final, policy, {
      codeCommit: candidate?.manifest.code.commit ?? "unknown",
      dataSnapshotId: candidate?.manifest.snapshot.id ?? "unknown",
      buildLink: config.BUILD_URL,
    });
    const email = await sendReleaseEmail(report, releaseEmailDeps(notify, () => new Date(), env.RESEND_BASE_URL || undefined));
    const summary = { release: final.id, model: final.modelVersion, outcome: report.outcome, stage: report.stage, reason: report.reason, email };
    const emailed = email.status === "sent"
      ? `email sent (${email.id})`
      : email.status === "outbox"
      ? `email written to ${email.path}`
      : `email failed (${email.reason}); copy in ${email.path}`;
    out.print(summary, `release ${final.id}: ${report.outcome} at ${report.stage}: ${report.reason}\n${emailed}`);
    return report.outcome;
  } finally {
    await database.close();
    await server.stop();
  }
}

await runGroupMain({
  name: releaseCommand.name,
  summary: releaseCommand.summary,
  own: subcommand(releaseCommand, runRelease, (error) => log.error("the release supervisor failed", { error: errorMessage(error) })),
  subcommands: { replay: replaySubcommand },
  examples: [...releaseCommand.examples, "bun run release replay 3 --json"],
  notes: releaseCommand.notes,
});
