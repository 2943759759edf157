/**
 * Simulated A/A experiments, read as an operator reads them: a report every day for
 * `days` days, each built by the product's own report core (buildExperimentReport) from
 * the rows the report reader would have read that day (read-experiment-input.ts):
 * users enrolled by a status-200 answer so far; each user's behaviour over the lists
 * shown in their observation window after first exposure, judged once the conversion
 * window has closed; their mean latency over every answer in that window; the same
 * behaviour over a pre-period one observation window long for CUPED; and whether their
 * window has closed, so their values are final. Assignment is the rules' own
 * (assignVariant). No database, no HTTP.
 */
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { assignVariant } from "../../shared/rules/assign-variant.ts";
import type { Experiment } from "../../shared/rules/experiment.ts";
import { experimentWindows } from "../../experiments/data/experiment-windows.ts";
import { buildExperimentReport } from "../../experiments/report/build-experiment-report.ts";
import type { Verdict } from "../../experiments/report/decide-conclusion.ts";
import type { ReportExperiment } from "../../experiments/report/experiment-report-input.ts";
import { PendingLists } from "../canary/pending-lists.ts";
import type { AliasTable } from "../canary/traffic/alias-table.ts";
import { requestStream } from "../canary/traffic/request-stream.ts";
import { drawRequest, emptyOutcome } from "../canary/traffic/draw-request.ts";
import { SimulatedUsers } from "../canary/traffic/simulated-users.ts";
import { NO_EFFECT } from "../canary/traffic/traffic-model.ts";
import type { ExperimentScenario } from "./experiment-scenarios.ts";
import { BehaviourTotals, ExposureTotals, userRows } from "./user-totals.ts";

/** What the daily reports of one run concluded. */
export type ExperimentRun = {
  /** Some day's report said "stop: guardrail harmed". */
  readonly stopped: boolean;
  /** Some day's report said "ship". */
  readonly shipped: boolean;
  /** How many days' reports reached each verdict. */
  readonly verdicts: Readonly<Partial<Record<Verdict, number>>>;
  /** The first "stop": its day (1 = the first look) and the metric found worse; null without one. */
  readonly firstStop: { readonly day: number; readonly metric: string } | null;
};

/** What the runs of one scenario share. */
export type ExperimentSetting = {
  readonly scenario: ExperimentScenario;
  /** The scenario's activity table (aliasTable of activityWeights). */
  readonly activity: AliasTable;
  /** The experiment as the rules hold it (running) and as its report reads it. */
  readonly assignment: Experiment;
  readonly design: ReportExperiment;
  readonly conversionWindowMs: number;
  readonly days: number;
};

const DAY = 86_400_000;
const START = Date.UTC(2024, 6, 1);

/** A simulator of `setting`'s experiments: call it with a seed per run (it reuses its buffers between runs). */
export function experimentSimulator(setting: ExperimentSetting): (seed: number) => ExperimentRun {
  const { scenario: { traffic }, design, conversionWindowMs: window, days } = setting;
  const users = new SimulatedUsers(traffic, setting.activity);
  const exposure = new ExposureTotals(traffic.users, design.observationWindowMs);
  const during = new BehaviourTotals(traffic.users);
  const before = new BehaviourTotals(traffic.users);
  const duringLists = new PendingLists();
  const preLists = new PendingLists();
  const outcome = emptyOutcome();
  const variants = setting.assignment.variants.map((v) => v.key);

  return (seed) => {
    // A new experiment seed per run: every run reshuffles users between the variants.
    const experiment: Experiment = { ...setting.assignment, seed: `${setting.assignment.key}-${seed}` };
    users.startRun(mulberry32(seed ^ 0x2545f491), (user) => variants.indexOf(assignVariant(experiment, user)?.key ?? variants[0]));
    const random = mulberry32(seed ^ 0x1b873593);
    exposure.clear();
    during.clear();
    before.clear();
    duringLists.clear();
    preLists.clear();
    // The pre-period: the same users before the start, with no variant yet, over the reader's
    // fixed pre-period [START − window − observation window, START − window).
    const pre = experimentWindows({
      startedAt: START, stoppedAt: null, streamStartedAt: START, streamStoppedAt: null, conversionWindowMs: window,
      observationWindowMs: design.observationWindowMs, now: START, streamClock: START,
    }).pre;
    const preRequest = requestStream(traffic.arrivals, pre.from, mulberry32(seed ^ 0x3c6ef372), () => users.draw());
    for (;;) {
      const { time, user } = preRequest();
      if (time >= pre.to) break;
      drawRequest(outcome, random, traffic, users, user, time, NO_EFFECT, seed);
      if (outcome.shown) preLists.push(time, user, outcome);
    }
    preLists.judgeUntil(Infinity, (user, converted, minutes, rating) => before.add(user, converted, minutes, rating));

    const verdicts: Partial<Record<Verdict, number>> = {};
    let firstStop: ExperimentRun["firstStop"] = null;
    const nextRequest = requestStream(traffic.arrivals, START, mulberry32(seed ^ 0x68e31da4), () => users.draw());
    let look = 1;
    while (look <= days) {
      const { time, user } = nextRequest();
      while (look <= days && time >= START + look * DAY) {
        const now = START + look * DAY;
        // The reader's windows, with the stream's clock at the wall clock's.
        const windows = experimentWindows({
          startedAt: START, stoppedAt: null, streamStartedAt: START, streamStoppedAt: null, conversionWindowMs: window,
          observationWindowMs: design.observationWindowMs, now, streamClock: now,
        });
        duringLists.judgeUntil(windows.behaviour.to, (user, converted, minutes, rating) => during.add(user, converted, minutes, rating));
        const rows = userRows(exposure, during, before, variants, windows.behaviour.to);
        const report = buildExperimentReport({ experiment: design, users: rows });
        const verdict = report.conclusion.verdict;
        verdicts[verdict] = (verdicts[verdict] ?? 0) + 1;
        if (verdict === "stop: guardrail harmed" && firstStop === null) {
          // The comparison decideConclusion stops on: the primary if worse, else the first harmed guardrail.
          const worse = report.comparisons.filter((c) => c.effect === "worse" && c.role !== "secondary");
          const harmed = worse.find((c) => c.role === "primary") ?? worse[0];
          firstStop = { day: look, metric: harmed?.metric ?? "unknown" };
        }
        look++;
      }
      if (look > days) break;
      drawRequest(outcome, random, traffic, users, user, time, NO_EFFECT, seed);
      exposure.add(user, users.arm(user), time, outcome.status, outcome.latencyMs);
      // Only lists in the user's observation window count, so their values stop changing once it closes.
      if (outcome.shown && exposure.inWindow(user, time)) duringLists.push(time, user, outcome);
    }
    return { stopped: firstStop !== null, shipped: (verdicts.ship ?? 0) > 0, verdicts, firstStop };
  };
}
