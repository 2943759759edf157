/**
 * Simulated releases, judged exactly as the supervisor judges them
 * (release/supervisor/supervise-release.ts): the canary takes the users whose salted
 * bucket is below the step's share (canary-rules.ts, match-route.ts); at every check
 * interval both arms' windows since the step began are summarised (arm-window.ts, as
 * read-arm-stats.ts does) and handed to judgeCanary, and the verdict to the release state
 * machine, which decides whether the step holds, advances, promotes or rolls back.
 * When the policy interleaves, the lowest part of the canary's buckets gets merged
 * lists (canary-buckets.ts, interleaved-answer.ts): their requests count as the canary's
 * in telemetry but leave the conversion comparison, and their final preferences
 * (preference-window.ts) go to judgeCanary as the supervisor's reader gives them.
 * No database, no HTTP.
 */
import { hash } from "../../shared/bucketing/index.ts";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { newReleaseState, type ReleaseState } from "../../shared/release/release-state.ts";
import { judgedPeriod } from "../../measurement/judged-period.ts";
import { isSiteTimeout } from "../../measurement/site-timeout.ts";
import { judgeCanary } from "../../release/judge/judge-canary.ts";
import { previousStableArm } from "../../release/judge/previous-stable-arm.ts";
import type { CanaryPolicy } from "../../release/policy/canary-policy.ts";
import { nextReleaseState } from "../../release/state/next-release-state.ts";
import { canarySalt } from "../../release/supervisor/canary-rules.ts";
import { ArmWindow, ArmBuffers } from "./arm-window.ts";
import { canaryBuckets } from "./canary-buckets.ts";
import { interleavedAnswer } from "./interleaved-answer.ts";
import { PreferenceBuffers, PreferenceWindow } from "./preference-window.ts";
import type { CanaryScenario } from "./canary-scenarios.ts";
import type { AliasTable } from "./traffic/alias-table.ts";
import { requestStream } from "./traffic/request-stream.ts";
import { drawRequest, emptyOutcome } from "./traffic/draw-request.ts";
import { SimulatedUsers } from "./traffic/simulated-users.ts";
import { NO_EFFECT } from "./traffic/traffic-model.ts";

/** How a release ended, and after how many canary requests. */
export type ReleaseRun = {
  readonly rolledBack: boolean;
  /** Canary requests over all steps up to the deciding check. */
  readonly canaryRequests: number;
  /** The check that failed the canary (`latency_p99`, `errors`, `conversion`, `preference`, `max_duration`…); null when promoted. */
  readonly failedCheck: string | null;
  /** The step the release ended at. */
  readonly step: number;
  readonly checks: number;
};

/** What the runs of one scenario share. */
export type ReleaseSetting = {
  readonly policy: CanaryPolicy;
  readonly scenario: CanaryScenario;
  /** The scenario's activity table (aliasTable of activityWeights). */
  readonly activity: AliasTable;
  readonly conversionWindowMs: number;
};

const START = Date.UTC(2024, 5, 3, 12);

/** A simulator of `setting`'s releases: call it with a seed per run (it reuses its buffers between runs). */
export function releaseSimulator(setting: ReleaseSetting): (seed: number) => ReleaseRun {
  const { policy, scenario, conversionWindowMs } = setting;
  const { traffic } = scenario;
  const users = new SimulatedUsers(traffic, setting.activity);
  const buffers = { stable: new ArmBuffers(traffic.users), canary: new ArmBuffers(traffic.users), preferences: new PreferenceBuffers(traffic.users) };
  const outcome = emptyOutcome();
  // An interleaved request's two rankers' outcomes, merged into `outcome`.
  const stableDraw = emptyOutcome(), candidateDraw = emptyOutcome();
  const interleaveShare = policy.interleave?.share;

  return (seed) => {
    const releaseId = (seed % 1_000_000_000) + 1;
    const salt = canarySalt(releaseId);
    // The bucket as match-route.ts reads a bucket route ([from, to) with from 0); a user without one stays on stable.
    users.startRun(mulberry32(seed ^ 0x2545f491), (user) => hash(salt, String(user), 2) ?? 1);
    const nextRequest = requestStream(traffic.arrivals, START, mulberry32(seed ^ 0x68e31da4), () => users.draw());
    const random = mulberry32(seed ^ 0x1b873593);

    let state: ReleaseState = newReleaseState(releaseId, "candidate", "stable");
    for (const event of [{ type: "preflight_started", at: START }, { type: "preflight_passed", at: START }] as const) {
      state = nextReleaseState(state, event, policy).state;
    }
    let routes = canaryBuckets(policy.steps[state.step].percent, interleaveShare);
    let stable = new ArmWindow(buffers.stable, conversionWindowMs);
    let canary = new ArmWindow(buffers.canary, conversionWindowMs);
    let preferences = new PreferenceWindow(buffers.preferences, conversionWindowMs);
    let nextCheck = START + policy.checkIntervalMs;
    let canaryRequests = 0;
    let checks = 0;

    for (;;) {
      const { time, user } = nextRequest();
      while (time >= nextCheck) {
        const now = nextCheck;
        const stepStart = state.stepStartedAt ?? START;
        // The stream's clock is the check's clock here: lists are judged once their window has passed.
        const judgedTo = judgedPeriod({ from: stepStart, streamEnd: now, windowMs: conversionWindowMs }).to;
        stable.judgeUntil(judgedTo);
        canary.judgeUntil(judgedTo);
        const arms = { stable: stable.stats(), canary: canary.stats() };
        // As the supervisor: the step before's stable arm, from the release state, is the reference of a 100% step.
        const reference = arms.stable.requests > 0 ? null : previousStableArm(state);
        // As read-canary-preferences.ts: the users final at the stream's clock; none read without interleaving.
        const final = policy.interleave ? preferences.finalAt(now) : null;
        const verdict = judgeCanary(policy, arms.stable, arms.canary, { step: state.step, ms: now - stepStart }, reference, final);
        checks++;
        const next = nextReleaseState(state, { type: "canary_verdict", at: now, verdict, arms }, policy).state;
        if (next.phase === "rolling_back" || next.phase === "promoting") {
          const failed = next.phase === "rolling_back";
          const check = failed ? verdict.reasons.find((r) => r.outcome === "fail")?.check ?? "max_duration" : null;
          return { rolledBack: failed, canaryRequests, failedCheck: check, step: state.step, checks };
        }
        if (next.step !== state.step) {
          routes = canaryBuckets(policy.steps[next.step].percent, interleaveShare);
          stable = new ArmWindow(buffers.stable, conversionWindowMs);
          canary = new ArmWindow(buffers.canary, conversionWindowMs);
          preferences = new PreferenceWindow(buffers.preferences, conversionWindowMs);
        }
        state = next;
        nextCheck = now + policy.checkIntervalMs;
      }
      const bucket = users.arm(user);
      if (bucket < routes.interleavedTo) {
        drawRequest(stableDraw, random, traffic, users, user, time, NO_EFFECT, seed);
        drawRequest(candidateDraw, random, traffic, users, user, time, scenario.canary, seed);
        const answer = interleavedAnswer(outcome, stableDraw, candidateDraw, random);
        canary.record(time, user, outcome, isSiteTimeout(outcome.latencyMs), false);
        if (answer.merged) preferences.recordList(time, user, answer.credit);
        canaryRequests++;
        continue;
      }
      const inCanary = bucket < routes.canaryTo;
      drawRequest(outcome, random, traffic, users, user, time, inCanary ? scenario.canary : NO_EFFECT, seed);
      (inCanary ? canary : stable).record(time, user, outcome, isSiteTimeout(outcome.latencyMs));
      if (inCanary) canaryRequests++;
    }
  };
}
