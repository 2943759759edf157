/**
 * `bun run bench:canary [--json] [--runs N]`: the canary judge over many
 * simulated releases in the simulator's in-process engine (no HTTP); prints
 * figures, asserts nothing. Scenarios: A/A (canary = stable), a canary whose
 * lists convert about 15% less (a fifth of each list swapped for random
 * movies, calibrated against the oracle below), and a canary that errors.
 * Each release walks the policy's steps with a fresh window per step and asks
 * judgeCanary() at every check interval of simulated time.
 */
import { hash } from "../shared/bucketing/index.ts";
import { mulberry32, type Random } from "../shared/random/mulberry32.ts";
import { createSimulation } from "../simulator/engine/create-simulation.ts";
import { oracleList } from "../simulator/oracle/oracle-list.ts";
import { scoreList } from "../simulator/oracle/score-list.ts";
import type { RouterAnswer } from "../simulator/behaviour/router-answer.ts";
import { createWorld } from "../simulator/world/create-world.ts";
import { drawInt } from "../simulator/world/random-draws.ts";
import { defaultCanaryPolicy } from "../release/policy/canary-policy.ts";
import type { ArmStats } from "../release/judge/arm-stats.ts";
import { judgeCanary } from "../release/judge/judge-canary.ts";
import { userMoments } from "../release/judge/user-moments.ts";
import { exitOnHelp } from "../infra/cli/command.ts";

exitOnHelp({ name: "bun run bench:canary", summary: "The canary judge benchmark: printed, never asserted.", usage: ["[--json] [--runs N]"], examples: ["bun run bench:canary --runs 10 --json"] });

const json = process.argv.includes("--json");
const runsFlag = process.argv.indexOf("--runs");
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 40;
const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);

const policy = defaultCanaryPolicy();
const world = createWorld(11, { users: 40_000, movies: 300 });
const ids = world.movies.map((m) => m.profile.id);
const RATE_PER_SECOND = 5; // simulated; keeps busy watchers well below the user count
const SWAP_SHARE = 0.3;
const START = Date.UTC(2024, 5, 1);
const cached = new Map<number, string[]>();
const best = (userId: number) => cached.get(userId) ?? cached.set(userId, oracleList(world, userId, 40)).get(userId)!;

type Scenario = "same" | "worse" | "broken";
type Arm = "stable" | "canary";
type Model = (userId: number, seen: ReadonlySet<string>) => readonly string[] | RouterAnswer;

const good = (userId: number, seen: ReadonlySet<string>) => best(userId).filter((id) => !seen.has(id)).slice(0, 20);
function worse(random: Random): Model {
  return (userId, seen) => good(userId, seen).map((id) => (random() < SWAP_SHARE ? ids[Math.floor(random() * ids.length)] : id));
}
const broken: Model = () => ({ ok: false, status: 500, error: "model failed to load", latencyMs: 3 });

/** Per-step window of one arm: request outcomes, latencies and per-user figures. */
function emptyWindow() {
  return { requests: 0, errors: 0, latencies: [] as number[], users: new Map<number, { requests: number; conversions: number; minutes: number }>() };
}
type Window = ReturnType<typeof emptyWindow>;

function summarize(w: Window): ArmStats {
  const sorted = Float64Array.from(w.latencies).sort();
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const users = [...w.users.values()];
  return {
    requests: w.requests, errors: w.errors, timeouts: 0, fallbacks: 0,
    latencyMs: sorted.length === 0 ? null : { p95: q(0.95), p99: q(0.99) },
    conversion: userMoments(users.map((u) => u.conversions / u.requests)),
    watch_minutes: userMoments(users.map((u) => u.minutes)),
  };
}

/** One release: returns whether it was rolled back and after how many canary requests. */
function release(scenario: Scenario, seed: number): { rolledBack: boolean; canaryRequests: number; simulated: number } {
  const random = mulberry32(seed ^ 0x5bd1e995);
  const canaryModel: Model = scenario === "same" ? good : scenario === "worse" ? worse(random) : broken;
  const latency = mulberry32(seed ^ 0x165667b1);
  const seen = new Map<number, Set<string>>();
  const seenBy = (u: number) => seen.get(u) ?? seen.set(u, new Set()).get(u)!;
  let step = 0, stepStart = START, nextCheck = START + policy.checkIntervalMs, canaryRequests = 0, simulated = 0;
  let windows: Record<Arm, Window> = { stable: emptyWindow(), canary: emptyWindow() };
  const salt = `release-${seed}`;
  const armOf = (userId: number): Arm => (hash(salt, String(userId), 2)! < policy.steps[step].percent / 100 ? "canary" : "stable");
  // Never drained: conversions come back from answer(), and formatting every minute's line would dominate the run.
  const engine = createSimulation({ world, seed, start: START, server: "recommender:8082", oracle: false });
  let time = START;
  while (step < policy.steps.length - 1) {
    time += Math.round(engine.arrivalGap(time, RATE_PER_SECOND));
    if (time >= nextCheck) {
      const verdict = judgeCanary(policy, summarize(windows.stable), summarize(windows.canary), { step, ms: time - stepStart });
      nextCheck += policy.checkIntervalMs;
      if (verdict.outcome === "fail") return { rolledBack: true, canaryRequests, simulated };
      if (verdict.outcome === "pass") {
        step++;
        stepStart = time;
        windows = { stable: emptyWindow(), canary: emptyWindow() };
      }
    }
    const { userId } = engine.arrive(time);
    if (userId === null) continue;
    const arm = armOf(userId);
    const reply = (arm === "canary" ? canaryModel : good)(userId, seenBy(userId));
    const answer: RouterAnswer = Array.isArray(reply) ? { ok: true, items: reply, latencyMs: drawInt(latency, 5, 60) } : reply as RouterAnswer;
    const w = windows[arm];
    w.requests++;
    w.latencies.push(answer.latencyMs);
    if (!answer.ok) w.errors++;
    const record = w.users.get(userId) ?? { requests: 0, conversions: 0, minutes: 0 };
    w.users.set(userId, record);
    record.requests++;
    const { convertedAt } = engine.answer(time + Math.round(answer.latencyMs), userId, answer);
    if (convertedAt !== null && answer.ok) {
      record.conversions++;
      seenBy(userId).add(answer.items[convertedAt]);
    }
    if (arm === "canary") canaryRequests++;
    simulated++;
  }
  return { rolledBack: false, canaryRequests, simulated };
}

/** Expected conversion of the worse lists relative to the good ones, over sampled users (the oracle's view). */
function calibrate(): number {
  const random = mulberry32(3);
  const model = worse(random);
  let goodSum = 0, worseSum = 0;
  for (let userId = 1; userId <= 2_000; userId++) {
    goodSum += scoreList(world, userId, good(userId, new Set())).expectedConversion;
    worseSum += scoreList(world, userId, model(userId, new Set()) as string[]).expectedConversion;
  }
  return worseSum / goodSum - 1;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? null : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const started = performance.now();
const lift = calibrate();
log(`canary with ${SWAP_SHARE * 100}% of each list swapped: expected conversion ${(lift * 100).toFixed(1)}% vs stable`);
const results = (scenario: Scenario, runs: number) => Array.from({ length: runs }, (_, i) => release(scenario, 1_000 * (i + 1) + scenario.length));
const aa = results("same", RUNS);
const bad = results("worse", RUNS);
const dead = results("broken", Math.max(5, Math.round(RUNS / 4)));
const detected = bad.filter((r) => r.rolledBack);
const figures = {
  aa_false_rollback: aa.filter((r) => r.rolledBack).length / aa.length,
  power_15pct: detected.length / bad.length,
  median_requests_to_detect_15pct: median(detected.map((r) => r.canaryRequests)),
  requests_to_rollback_broken: median(dead.filter((r) => r.rolledBack).map((r) => r.canaryRequests)),
  runs: aa.length + bad.length + dead.length,
};
log(`A/A releases: ${aa.length}, falsely rolled back ${(figures.aa_false_rollback * 100).toFixed(1)}% (target ≤ 5%)`);
log(`−15% releases: ${bad.length}, detected ${(figures.power_15pct * 100).toFixed(1)}% (target ≥ 95%), median ${figures.median_requests_to_detect_15pct} canary requests`);
log(`broken releases: ${dead.length}, rolled back after a median ${figures.requests_to_rollback_broken} canary requests (target ≤ 200)`);
log(`median simulated requests per A/A release: ${median(aa.map((r) => r.simulated))}; ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (json) console.log(JSON.stringify(figures));
