/**
 * The analyses against the simulator's injected faults: the in-process engine
 * runs a small seeded world against a fixed personalised recommender (a model
 * trained once: noisy true affinity plus popularity), clean and with the
 * `shilling` and `feedback-loop` faults; the lines go through the movielog parser
 * into the pure analyses.
 */
import { describe, expect, test } from "bun:test";
import { parseLine } from "../../shared/movielog/parse-line.ts";
import type { MovielogEvent } from "../../shared/movielog/events.ts";
import { gaussian } from "../../shared/random/gaussian.ts";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { simulate } from "../../simulator/engine/simulate.ts";
import type { FaultKind } from "../../simulator/faults/fault-kind.ts";
import { affinity } from "../../simulator/world/affinity.ts";
import { createWorld } from "../../simulator/world/create-world.ts";
import { analysisInputFromEvents } from "./analysis-input-from-events.ts";
import { analyseFairness } from "./fairness-by-group.ts";
import { analyseFeedbackLoop } from "./feedback-loop.ts";
import { detectRatingAttacks } from "./rating-attacks.ts";

const world = createWorld(17, { users: 200, movies: 200 });
const START = Date.UTC(2024, 4, 1, 6);

/** Each user's 20 best movies by affinity blurred with noise: a model trained once. */
function fixedModel(seed: number): (userId: number) => string[] {
  const random = mulberry32(seed);
  const lists = world.users.map((_, u) =>
    world.movies.map((m, i) => ({ id: m.profile.id, s: affinity(world, u, i) + 0.7 * gaussian(random) }))
      .sort((a, b) => b.s - a.s).slice(0, 20).map((x) => x.id)
  );
  return (userId) => lists[userId - 1] ?? [];
}

async function run(faults: FaultKind[]) {
  const result = await simulate({
    world, seed: 23, start: START, server: "recommender:8082", requests: 3000, ratePerSecond: 0.05,
    faults: new Set(faults), oracle: false, recommend: fixedModel(5),
  });
  const events = result.lines.flatMap((l) => {
    const parsed = parseLine(l.line);
    return parsed.ok ? [parsed.event] : [];
  });
  return { input: analysisInputFromEvents(events), shillingTarget: result.shillingTarget, events };
}

const users = new Map(world.users.map((u) => [u.user_id, u]));
/** Every analysis of one run; REPORT_FIGURES=1 prints the figures behind the thresholds in reporting/README.md. */
const analyse = (label: string, input: Awaited<ReturnType<typeof run>>["input"]) => {
  const loop = analyseFeedbackLoop(input);
  const attacks = detectRatingAttacks(input);
  const fairness = analyseFairness(input, users);
  if (process.env.REPORT_FIGURES) {
    console.log(label, JSON.stringify({ buckets: loop.buckets, trend: loop.trend, captive: loop.captive, loop: loop.reason, attacks: attacks.reason, fairness: fairness.reason }));
  }
  return { loop, attacks, fairness };
};

describe("analyses on simulated faults", () => {
  test("a clean run raises neither a rating attack nor a feedback loop", async () => {
    const { input } = await run([]);
    const { loop, attacks, fairness } = analyse("clean", input);
    expect(attacks.flagged).toBe(false);
    expect(loop.flagged).toBe(false);
    expect(loop.trend.usableBuckets).toBe(8);
    expect(loop.captive.captiveUsers).toBe(0);
    expect(fairness.flagged).toBe(false);
  });

  test("detectRatingAttacks() flags the shilling target and only it", async () => {
    const { input, shillingTarget, events } = await run(["shilling"]);
    const { attacks, loop } = analyse("shilling", input);
    expect(attacks.flagged).toBe(true);
    expect(new Set(attacks.attacks.map((a) => a.movieId))).toEqual(new Set([shillingTarget]));
    const shills = new Set(events.filter((e: MovielogEvent) => e.userId > world.users.length).map((e) => e.userId));
    expect(attacks.attacks.every((a) => a.exampleAccounts.every((u) => shills.has(u)))).toBe(true);
    expect(attacks.attacks.reduce((n, a) => n + a.accounts, 0)).toBeGreaterThan(0.9 * shills.size);
    expect(attacks.attacks.every((a) => a.accountsWithoutWatch === a.accounts)).toBe(true);
    expect(loop.flagged).toBe(false);
  });

  test("analyseFeedbackLoop() flags the feedback-loop cohort", async () => {
    const { input } = await run(["feedback-loop"]);
    const { loop, attacks } = analyse("feedback-loop", input);
    expect(loop.flagged).toBe(true);
    expect(loop.captive.captiveShare).toBeGreaterThan(0.05);
    expect(loop.captive.examples.every((u) => u % 10 === 0)).toBe(true); // the simulator's cohort: ids divisible by 10
    expect(attacks.flagged).toBe(false);
  });
});
