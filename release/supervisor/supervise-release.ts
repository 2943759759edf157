/**
 * The release supervisor's loop: drives one release from its stored state to a
 * terminal phase. Every decision is the pure state machine's; this shell does the
 * I/O each phase needs (registry, canary worker, rules, telemetry), saves each new
 * state before acting on it, and repeats a phase's work after a failure, since every
 * action here is idempotent. So a supervisor killed at any point can be restarted
 * and carries on from what the database says, and nothing is left half-routed.
 */
import type postgres from "postgres";
import { errorMessage, type Logger } from "../../infra/log/logger.ts";
import { readStoredRules } from "../../infra/rules/read-stored-rules.ts";
import { updateRules } from "../../infra/rules/rules-store.ts";
import type { RuleSet } from "../../shared/rules/index.ts";
import { backoffDelay } from "../../shared/retry/backoff-delay.ts";
import type { GateConfig } from "../../registry/offline-gate.ts";
import { findModel, findProductionModel, promoteModel, setModelStatus } from "../../registry/model-registry.ts";
import { previousStableArm } from "../judge/previous-stable-arm.ts";
import type { CanaryFaults, CanaryLauncher } from "../launcher/canary-launcher.ts";
import { swapWorkerModel, waitForWorkerVersion, workerReadiness } from "../launcher/worker-admin.ts";
import type { CanaryPolicy } from "../policy/canary-policy.ts";
import { nextReleaseState } from "../state/next-release-state.ts";
import type { ReleaseEvent } from "../state/release-event.ts";
import { isTerminalPhase, type ReleaseState } from "../../shared/release/release-state.ts";
import { saveReleaseState } from "../state/release-store.ts";
import { preflightDecision } from "../state/preflight-decision.ts";
import { CANARY_POOL, canarySalt, withCanary, withoutCanary, withStableVersion } from "./canary-rules.ts";
import { judgeWindow } from "./judge-window.ts";
import { readStreamClock } from "../../measurement/stream-clock.ts";

/** Everything the loop touches, so tests and the CLI wire it differently. */
export type SupervisorDeps = {
  readonly sql: postgres.Sql;
  readonly policy: CanaryPolicy;
  readonly gate: GateConfig;
  readonly launcher: CanaryLauncher;
  /** Bearer token of the workers' admin API (promotion swaps the stable workers). */
  readonly workerAdminToken: string;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly log: Logger;
  /** The movielog topic whose ingested watermark is the stream's clock. */
  readonly streamTopic: string;
  readonly conversionWindowMs: number;
  readonly clientTimeoutMs: number;
  /** Time routers need to apply a rules change (they poll within a second). */
  readonly routingSettleMs: number;
  readonly workerReadyTimeoutMs: number;
  /** Failed attempts in a row before a canary that cannot run is rolled back. */
  readonly maxCanaryFailures: number;
  readonly faults?: CanaryFaults;
  /** Stops the loop between phases' work (the release stays as stored, to be resumed). */
  readonly signal?: AbortSignal;
  /** Called with every state the loop saved, for progress output. */
  readonly onState?: (state: ReleaseState) => void;
};

const ACTOR = "release-supervisor";

/**
 * Runs `initial` to a terminal phase (or until `signal` aborts) and returns the last
 * saved state; throws only when saving is refused as stale (another supervisor took over).
 */
export async function superviseRelease(deps: SupervisorDeps, initial: ReleaseState): Promise<ReleaseState> {
  const { sql, policy, log } = deps;
  let state = initial;
  let failures = 0;

  const save = async (next: ReleaseState) => {
    if (next === state) return;
    const saved = await saveReleaseState(sql, next, state);
    if (!saved.ok) throw new StaleReleaseError(saved.message);
    state = next;
    deps.onState?.(state);
  };
  const apply = async (event: ReleaseEvent) => {
    const { state: next, ignored } = nextReleaseState(state, event, policy);
    if (ignored) log.warn("event ignored", { release: state.id, note: ignored });
    await save(next);
  };
  const editRules = async (what: string, change: (rules: RuleSet) => RuleSet) => {
    const result = await updateRules(sql, (stored) => {
      if (!stored) throw new Error(`cannot ${what}: the stored rules are ${stored === null ? "invalid" : "missing"}`);
      return change(stored);
    }, { actor: `${ACTOR} (release ${state.id})`, source: "cli" });
    if (result.changed) log.info(`rules: ${what}`, { release: state.id, version: result.version });
  };

  const phases: Record<string, () => Promise<void>> = {
    pending: () => apply({ type: "preflight_started", at: deps.now() }),
    preflight: async () => {
      const candidate = await findModel(sql, state.modelVersion);
      if (!candidate) return apply({ type: "preflight_failed", at: deps.now(), reasons: [`no model ${state.modelVersion} in the registry`] });
      const production = await findProductionModel(sql);
      const decision = preflightDecision(candidate.manifest.metrics, production ? { version: production.version, metrics: production.manifest.metrics } : null, candidate.status, deps.gate);
      await apply(decision.pass
        ? { type: "preflight_passed", at: deps.now(), evidence: decision.evidence }
        : { type: "preflight_failed", at: deps.now(), reasons: decision.reasons, evidence: decision.evidence });
    },
    canary: () => checkCanary(),
    promoting: async () => {
      const rules = await requireStoredRules();
      try {
        // Worker by worker: the others keep serving while one loads, so there is no gap.
        await moveStableWorkers(rules, state.modelVersion);
      } catch (error) {
        // Retried with backoff; a fleet that keeps refusing the candidate is rolled back
        // (rolling_back moves the workers already swapped back to the previous model).
        if (failures + 1 < deps.maxCanaryFailures) throw error;
        return await apply({ type: "promotion_failed", at: deps.now(), reason: errorMessage(error) });
      }
      await promoteModel(sql, state.modelVersion);
      await editRules("retire the canary and label stable with the promoted model", (r) => withStableVersion(withoutCanary(r), state.modelVersion));
      await deps.sleep(deps.routingSettleMs);
      await deps.launcher.stop();
      await apply({ type: "promotion_done", at: deps.now() });
    },
    rolling_back: async () => {
      // Routing first: canary users are back on stable before the canary worker goes.
      await editRules("send canary users back to stable", withoutCanary);
      await deps.sleep(deps.routingSettleMs);
      await deps.launcher.stop();
      // After a failed promotion some stable workers may already serve the candidate.
      if (state.previousVersion !== null) await moveStableWorkers(await requireStoredRules(), state.previousVersion, state.modelVersion);
      const model = await findModel(sql, state.modelVersion);
      if (model && model.status !== "production") await setModelStatus(sql, state.modelVersion, "rejected");
      await apply({ type: "rollback_done", at: deps.now() });
    },
  };

  /** Swaps the stable pool's workers to `version`, one at a time; with `onlyFrom`, only those serving it. */
  async function moveStableWorkers(rules: RuleSet, version: string, onlyFrom?: string): Promise<void> {
    for (const url of rules.pools[rules.defaultPool]?.urls ?? []) {
      if (onlyFrom !== undefined) {
        const readiness = await workerReadiness(url);
        if (!readiness.ready || readiness.version !== onlyFrom) continue;
      }
      const swapped = await swapWorkerModel(url, version, deps.workerAdminToken);
      if (!swapped.ok) throw new Error(`${url}: ${swapped.reason}`);
      await waitForWorkerVersion(url, version, deps.workerReadyTimeoutMs, deps.sleep);
      log.info("stable worker moved", { release: state.id, url, version });
    }
  }

  async function requireStoredRules(): Promise<RuleSet> {
    const rules = await readStoredRules(sql);
    if (rules === undefined) throw new Error("there are no stored rules to route with");
    if (rules === null) throw new Error("the stored rules are invalid");
    return rules;
  }

  async function checkCanary(): Promise<void> {
    const step = policy.steps[state.step];
    let rules: RuleSet;
    try {
      const url = await deps.launcher.start(state.modelVersion, deps.faults);
      await editRules(`canary at ${step.percent}%`, (r) => withCanary(r, {
        url,
        modelVersion: state.modelVersion,
        percent: step.percent,
        salt: canarySalt(state.id),
        ...(policy.interleave ? { interleaveShare: policy.interleave.share } : {}),
      }));
      rules = await requireStoredRules();
    } catch (error) {
      // The loop retries with backoff; a canary that keeps failing to run is given up.
      if (failures + 1 < deps.maxCanaryFailures) throw error;
      return await apply({ type: "canary_unavailable", at: deps.now(), reason: errorMessage(error) });
    }
    if (state.stepStreamStartedAt === null) {
      await deps.sleep(deps.routingSettleMs);
      const streamNow = await readStreamClock(sql, deps.streamTopic);
      await save({ ...state, stepStreamStartedAt: streamNow ?? deps.now() });
    }
    await deps.sleep(policy.checkIntervalMs);
    if (deps.signal?.aborted) return; // stopped mid-check: the next supervisor judges this step afresh
    const now = deps.now();
    const stepStart = state.stepStartedAt ?? now;
    const { verdict, arms, preferences } = await judgeWindow(sql, policy, {
      stablePool: rules.defaultPool,
      canaryPool: CANARY_POOL,
      from: stepStart,
      to: now,
      streamFrom: state.stepStreamStartedAt ?? now,
      streamTo: (await readStreamClock(sql, deps.streamTopic)) ?? now,
      conversionWindowMs: deps.conversionWindowMs,
      clientTimeoutMs: deps.clientTimeoutMs,
    }, { step: state.step, ms: now - stepStart }, previousStableArm(state));
    log.info("canary check", {
      release: state.id, percent: step.percent, outcome: verdict.outcome,
      requests: `${arms.canary.requests} canary / ${arms.stable.requests} stable`,
      reasons: verdict.reasons.map((r) => `${r.check}: ${r.detail}`).join("; "),
    });
    if (preferences && preferences.refused > 0) {
      log.warn("interleaved lists set aside", { release: state.id, refused: preferences.refused, reasons: preferences.refusedReasons.join("; ") });
    }
    await apply({ type: "canary_verdict", at: now, verdict, arms });
    failures = 0;
  }

  while (!isTerminalPhase(state.phase) && !deps.signal?.aborted) {
    const phase = state.phase;
    try {
      await phases[phase]();
      if (state.phase !== phase) failures = 0;
    } catch (error) {
      if (error instanceof StaleReleaseError) throw error;
      const delay = backoffDelay(Math.min(failures++, 5), 30_000, 1000);
      log.error(`${phase} failed; retrying`, { release: state.id, error: errorMessage(error), retryInMs: delay });
      await deps.sleep(delay);
    }
  }
  return state;
}

/** Another supervisor saved the release since this one read it: this one must stop. */
export class StaleReleaseError extends Error {}
