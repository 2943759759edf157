/**
 * The release fault: a candidate model is trained (a rebuild of the production model's
 * snapshot, as good offline by construction), its release is started with the drill's
 * short canary policy (chaos-policy.json), the supervisor is SIGKILLed once the canary
 * serves, and `bun run release --resume` must carry it on to a decision: promoted,
 * or rolled back. Either is a decision; exit 3 (nothing to resume) or 1 is not.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type postgres from "postgres";
import { exitCode } from "../../infra/cli/exit-codes.ts";
import { findActiveRelease } from "../../read-models/read-releases.ts";
import { findProductionModel } from "../../registry/model-registry.ts";
import { runStep } from "../run-step.ts";

const ROOT = join(import.meta.dir, "../..");

/** The drill's canary policy: one short guardrail step at half the traffic (a rebuild of the production model is no risk), so that a resumed release has its canary sample, and decides, within seconds. */
export const CHAOS_POLICY_FILE = join(import.meta.dir, "chaos-policy.json");

export type ReleaseDrillOptions = {
  readonly sql: postgres.Sql;
  /** The environment of the project's commands against the running system. */
  readonly env: () => Record<string, string | undefined>;
  readonly onLine: (line: string) => void;
};

/** A release whose canary serves, ready to be killed. */
export type CanaryRunning = { readonly release: number; readonly process: ChildProcess };

/** Forwards a command's log lines and keeps the last error among them: it says why the command did not do its part. */
function lastErrorOf(forward: (line: string) => void): { onLine: (line: string) => void; said: () => string } {
  let last = "";
  return {
    onLine(line) {
      forward(line);
      if (line.includes('"level":"error"') || !line.startsWith("{")) last = line.slice(0, 500);
    },
    said: () => (last ? `: ${last}` : ""),
  };
}

const lastJson = (stdout: string): unknown => {
  for (const line of stdout.trim().split("\n").reverse()) {
    try {
      return JSON.parse(line);
    } catch {
      // Not JSON: keep looking from the end.
    }
  }
  return null;
};

/** Trains the candidate; its version, or throws why there is none. */
export async function trainCandidate(options: ReleaseDrillOptions): Promise<string> {
  const production = await findProductionModel(options.sql);
  if (!production) throw new Error("no production model to rebuild for the release fault");
  const errors = lastErrorOf(options.onLine);
  const result = await runStep(process.execPath, ["trainer/train/main.ts", "--dataset", `snapshot:${production.manifest.snapshot.id}`, "--json"], {
    cwd: ROOT, env: options.env(), onLine: errors.onLine,
  });
  const report = lastJson(result.stdout) as { version?: unknown; gate?: { pass?: unknown } } | null;
  if (typeof report?.version !== "string") throw new Error(`training the candidate printed no version (exit ${result.code})${errors.said()}`);
  if (report.gate?.pass !== true) throw new Error(`the candidate ${report.version} failed the offline gate (exit ${result.code})`);
  return report.version;
}

/** Starts the release of `version` and resolves once its canary phase has begun. */
export async function startCanary(options: ReleaseDrillOptions & { readonly version: string; readonly timeoutMs: number }): Promise<CanaryRunning> {
  const active = await findActiveRelease(options.sql);
  if (active) throw new Error(`release ${active.id} of ${active.modelVersion} is active (${active.phase}); finish it with bun run release --resume first`);
  const child = spawn(process.execPath, ["release/release-main.ts", "--model", options.version, "--json"], {
    cwd: ROOT, env: options.env(), stdio: ["ignore", "ignore", "pipe"],
  });
  const errors = lastErrorOf(options.onLine);
  child.stderr!.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) if (line.trim()) errors.onLine(line);
  });
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the release ended (exit ${child.exitCode}) before its canary began${errors.said()}`);
    const state = await findActiveRelease(options.sql).catch(() => null);
    if (state?.modelVersion === options.version && state.phase === "canary") return { release: state.id, process: child };
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`the release of ${options.version} did not reach its canary within ${options.timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** `bun run release --resume --json`: whether it reached a decision, and which. */
export async function resumeRelease(options: ReleaseDrillOptions): Promise<{ decided: boolean; detail: string }> {
  const errors = lastErrorOf(options.onLine);
  const result = await runStep(process.execPath, ["release/release-main.ts", "--resume", "--json"], { cwd: ROOT, env: options.env(), onLine: errors.onLine });
  const summary = lastJson(result.stdout) as { outcome?: unknown } | null;
  // Promoted (0), or rolled back or aborted (2): a decision either way.
  const decided = (result.code === exitCode("ok") || result.code === exitCode("rolled_back")) && typeof summary?.outcome === "string";
  if (decided) return { decided, detail: String(summary!.outcome) };
  return { decided, detail: `release --resume exited ${result.code} without a decision${errors.said()}` };
}
