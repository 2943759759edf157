/**
 * `bun run release replay`: re-judges a canary under a policy, as the supervisor would
 * have, and prints the decision timeline (Kayenta-style analysis of past intervals).
 *   bun run release replay <release-id> [--policy <file>] [--json]
 *   bun run release replay --telemetry <telemetry.jsonl> --movielog <stream.log> [--policy <file>] [--step <percent>] [--json]
 * Exit 0 whenever the replay ran, whatever it decided; 1 on unreadable input (a
 * missing file, a policy that is not one, no such release); 2 on bad usage.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import { type CommandArgs, type CommandContext, CommandError, formatPathIssues, type Outcome, usageError } from "../../infra/cli/command.ts";
import { subcommand } from "../../infra/cli/command-group.ts";
import { withDatabase } from "../../infra/db/with-database.ts";
import { errorMessage } from "../../infra/log/logger.ts";
import { readSystemState } from "../../infra/process/system-state.ts";
import { findRelease } from "../../read-models/read-releases.ts";
import { CanaryPolicy } from "../policy/canary-policy.ts";
import { loadReleaseConfig, type ReleaseConfig } from "../supervisor/release-config.ts";
import type { ReplayCheck, ReplayedStep } from "./replay-step.ts";

const ROOT = join(import.meta.dir, "../..");
const FORMS = "give a release id, or --telemetry and --movielog (not both)";

export const replayCommand = {
  name: "bun run release replay",
  summary: "Re-judges a recorded release, or recorded telemetry and movielog files, under a canary policy and prints the decision timeline.",
  usage: [
    "<release-id> [--policy <file>] [--json]",
    "--telemetry <telemetry.jsonl> --movielog <stream.log> [--policy <file>] [--step <percent>] [--json]",
  ],
  examples: [
    "bun run release replay 3 --policy demos/releases/demo-policy.json",
    "bun run release replay --telemetry telemetry.jsonl --movielog stream.log --step 20 --json",
  ],
  flags: {
    policy: z.string().min(1).optional().describe("a canary policy JSON file (fields of release/policy/canary-policy.ts); default: the default policy"),
    telemetry: z.string().min(1).optional().describe("router telemetry, one event per line (any format version, signed or not)"),
    movielog: z.string().min(1).optional().describe("the movielog stream of the same period"),
    step: z.coerce.number().gt(0).max(100).optional()
      .describe("files: the policy step (its percent) the recording is judged as; default: the first step that requires quality"),
  },
  json: true,
  positionals: z.array(z.string()).max(1, FORMS),
  notes: [
    `files, --json: {"outcome":"pass"|"fail"|"inconclusive","decidedAtMs":<ms after the first telemetry event>|null,"reason":<string>|null,"checks":<n>}`,
    `release, --json: {"release":<id>,"steps":[{"percent","outcome","decidedAtMs","reason","checks"}]} (decidedAtMs: ms after the step began)`,
    "inconclusive: the data ended before a pass or a fail. Checks run every checkIntervalMs from the first event of the pools `stable` and `canary`;",
    "the stream's clock is laid linearly onto the telemetry's (its first event at the first telemetry event, its last at the last).",
    "RELEASE_CONVERSION_WINDOW_MS and RELEASE_CLIENT_TIMEOUT_MS are read as by the supervisor.",
    "exit 0: the replay ran (whatever it decided); 1: unreadable input (missing file, not a policy, no such release); 2: bad usage",
  ],
} as const;

type ReplayArgs = CommandArgs<typeof replayCommand.flags, typeof replayCommand.positionals>;

/** Unreadable input: the command ends with exit 1, naming what. */
const unreadable = (message: string) => new CommandError("missing", message);

function requireFile(path: string, what: string): string {
  if (!existsSync(path) || !statSync(path).isFile()) throw unreadable(`${path}: no such ${what} file`);
  return path;
}

/** The policy of `--policy`, or the default policy. */
export function readPolicyFile(path: string | undefined): CanaryPolicy {
  if (path === undefined) return CanaryPolicy.parse({});
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(requireFile(path, "policy"), "utf8"));
  } catch (error) {
    if (error instanceof CommandError) throw error;
    throw unreadable(`${path}: not a canary policy: ${errorMessage(error)}`);
  }
  const parsed = CanaryPolicy.safeParse(value);
  if (!parsed.success) throw unreadable(`${path}: not a canary policy: ${formatPathIssues(parsed.error.issues)}`);
  return parsed.data;
}

function loadConfig(): ReleaseConfig {
  try {
    return loadReleaseConfig(process.env);
  } catch (error) {
    throw new CommandError("usage", errorMessage(error));
  }
}

const seconds = (ms: number) => `+${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)}s`;

/** A check as a timeline line. */
function checkLine(check: ReplayCheck, index: number): string {
  return `  check ${index} at ${seconds(check.elapsedMs)}: ${check.outcome} (${check.requests.canary} canary / ${check.requests.stable} stable requests) ${check.reason}`;
}

/** The decision in words. */
function decisionLine(step: ReplayedStep): string {
  return step.outcome === "inconclusive"
    ? `inconclusive: the data ended after ${step.checks} checks with no pass or fail`
    : `${step.outcome} at ${seconds(step.decidedAtMs!)} after ${step.checks} checks: ${step.reason}`;
}

async function runReplay(args: ReplayArgs, out: CommandContext): Promise<Outcome> {
  const [releaseText] = args.positionals;
  const files = args.telemetry !== undefined || args.movielog !== undefined;
  if ((releaseText === undefined) === !files) throw usageError(replayCommand, FORMS);
  if (files && (args.telemetry === undefined || args.movielog === undefined)) {
    throw usageError(replayCommand, "a replay of files needs both --telemetry and --movielog");
  }
  if (!files && args.step !== undefined) throw usageError(replayCommand, "--step names the step of a replay of files; a release's steps are its own");
  const config = loadConfig();
  const site = { conversionWindowMs: config.RELEASE_CONVERSION_WINDOW_MS, clientTimeoutMs: config.RELEASE_CLIENT_TIMEOUT_MS };
  const policy = readPolicyFile(args.policy);

  // Loaded on demand: `bun run release --model …` needs neither ingestion's stores nor the replay.
  const { replayResult } = await import("./replay-step.ts");
  if (files) {
    const { recordingStep, replayFiles } = await import("./replay-files.ts");
    const { openScratchDatabase } = await import("./scratch-database.ts");
    const telemetry = requireFile(args.telemetry!, "telemetry");
    const movielog = requireFile(args.movielog!, "movielog");
    const step = recordingStep(policy, args.step);
    if (step === null) {
      throw usageError(replayCommand, `--step ${args.step}: the policy has no such step (its steps: ${policy.steps.map((s) => `${s.percent}%`).join(", ")})`);
    }
    out.say(`replaying ${telemetry} and ${movielog} as step ${step.index} (${step.percent}%), a check every ${policy.checkIntervalMs} ms`);
    const scratch = await openScratchDatabase();
    try {
      const replayed = await replayFiles(scratch.database.sql, { telemetry, movielog }, policy, step, site, (check, i) => {
        if (!args.json) out.say(checkLine(check, i));
      });
      const t = replayed.loaded.telemetry;
      const skipped = Object.entries(t.skipped).map(([reason, n]) => `${reason} ${n}`).join(", ");
      out.say(
        `telemetry: ${t.lines} lines, ${t.stored} events of the arms, ${t.otherPools} of other pools, ${t.duplicates} duplicates` +
          (skipped ? `, skipped: ${skipped}` : "") +
          `; movielog: ${replayed.loaded.stream.lines} lines, ${Object.values(replayed.loaded.stream.rejected).reduce((a, n) => a + (n ?? 0), 0)} rejected`,
      );
      out.print(replayResult(replayed.step), decisionLine(replayed.step));
      return "ok";
    } finally {
      await scratch.close();
    }
  }

  if (!/^[1-9]\d{0,15}$/.test(releaseText!)) throw usageError(replayCommand, `${JSON.stringify(releaseText)} is not a release id`);
  const id = Number(releaseText);
  const system = readSystemState(resolve(ROOT, config.SYSTEM_STATE_FILE));
  const env = { ...config, DATABASE_URL: config.DATABASE_URL ?? system?.databaseUrl };
  const { replayRelease } = await import("./replay-release.ts");
  return await withDatabase(env, "release-replay", async ({ sql }) => {
    const state = await findRelease(sql, id);
    if (state === null) throw unreadable(`no release ${id}`);
    out.say(`replaying release ${id} of ${state.modelVersion} (${state.phase}), a check every ${policy.checkIntervalMs} ms`);
    let shownStep = -1;
    const steps = await replayRelease(sql, state, policy, {
      ...site, streamTopic: config.KAFKA_TOPIC, routingSettleMs: config.RELEASE_ROUTING_SETTLE_MS,
    }, Date.now(), (recorded, check, i) => {
      if (args.json) return;
      if (recorded.step !== shownStep) out.say(`step ${recorded.step} (recorded ${recorded.end - recorded.start} ms):`);
      shownStep = recorded.step;
      out.say(checkLine(check, i));
    });
    out.print(
      { release: id, steps: steps.map((s) => ({ percent: s.percent, ...replayResult(s) })) },
      steps.length === 0
        ? `release ${id} never reached the canary: nothing to replay`
        : steps.map((s) => `step ${s.step} (${s.percent}%): ${decisionLine(s)}`).join("\n"),
    );
    return "ok" as const;
  }, (line) => out.say(line));
}

/** `replay` as a subcommand of `bun run release`. */
export const replaySubcommand = subcommand(replayCommand, runReplay);
