/**
 * `bun run bench:interleaving [--json] [--runs N] [--aa-runs N] [--seed N] [--user-cap N]`:
 * how many fewer users team-draft interleaving needs than an A/B conversion test to tell
 * two rankers apart, on the simulator's users; prints figures, asserts nothing. For each
 * pair of models with a known quality difference (bench/interleaving/interleaving-pairs.ts)
 * every run feeds one stream of users to both tests, each always-valid at the same α and
 * looked at after every user (bench/interleaving/run-pair.ts), and records the users each
 * needed for a conclusive verdict. A/A runs (the same model on both sides) give the
 * interleaving test's false-verdict rate with its Clopper–Pearson 95% upper bound.
 * Run by hand, never in `npm test`: the defaults take minutes.
 */
import { z } from "zod";
import { runMain } from "../infra/cli/command.ts";
import { clopperPearson } from "../shared/stats/clopper-pearson.ts";
import { mixturePrecision } from "../shared/stats/mixture-half-width.ts";
import { preferenceMixtureShape } from "../shared/stats/preference-sequence.ts";
import { DEFAULT_CONVERSION_WINDOW_MS } from "../shared/telemetry/conversion-window.ts";
import { MAX_ANSWER_ITEMS } from "../shared/recommendation/max-answer-items.ts";
import { ReportExperiment } from "../experiments/report/experiment-report-input.ts";
import { oracleList } from "../simulator/oracle/oracle-list.ts";
import { createWorld } from "../simulator/world/create-world.ts";
import { runSeed } from "./canary/select-scenarios.ts";
import { AA_SWAP_SHARE, INTERLEAVING_PAIRS } from "./interleaving/interleaving-pairs.ts";
import { type PairFigures, pairFigures, usersMedian } from "./interleaving/pair-figures.ts";
import { type PairRun, type PairSetting, pairSimulator } from "./interleaving/run-pair.ts";

/** Users per run and test before a test counts as not conclusive: A/B needs thousands for the mildest pair. */
const USER_CAP = 20_000;
/**
 * The A/A runs' horizon: over six times the users the mildest pair's interleaving verdict
 * needs. The sequence holds at every horizon; this one keeps 1,000 runs within minutes.
 */
const AA_USER_CAP = 5_000;

const spec = {
  name: "bun run bench:interleaving",
  summary: "Users needed for a conclusive verdict by interleaving and by an A/B conversion test, and interleaving's A/A false verdicts, printed, never asserted.",
  usage: ["[--json] [--runs N] [--aa-runs N] [--seed N] [--user-cap N] [--aa-user-cap N]"],
  examples: ["bun run bench:interleaving --runs 10 --aa-runs 50 --json"],
  flags: {
    runs: z.coerce.number().int().min(1).max(100_000).default(200).describe("runs per model pair (default 200)"),
    "aa-runs": z.coerce.number().int().min(1).max(1_000_000).default(1000).describe("A/A runs of the interleaving test (default 1000)"),
    seed: z.coerce.number().int().min(0).max(2 ** 31 - 1).default(1).describe("seed of the world and every run (default 1)"),
    "user-cap": z.coerce.number().int().min(10).max(1_000_000).default(USER_CAP).describe(
      `users per pair run and test before it counts as not conclusive (default ${USER_CAP})`,
    ),
    "aa-user-cap": z.coerce.number().int().min(10).max(1_000_000).default(AA_USER_CAP).describe(
      `users per A/A run (default ${AA_USER_CAP})`,
    ),
  },
  json: true,
} as const;

// The A/B test as an experiment report runs it with the documented defaults.
const { alpha, plannedUsers } = ReportExperiment.parse({
  key: "bench-interleaving", hypothesis: "", layer: "bench", controlVariant: "A", primaryMetric: "conversion",
  variants: [{ key: "A", weight: 1 }, { key: "B", weight: 1 }],
});
/**
 * Users with a preference the preference sequence is tuned for, fixed before any run. The
 * pairs' verdicts fall at 20 to 60 such users; a sequence tuned that low also spends more
 * of α early, and its A/A false verdicts came to 4.3% in 1,000 runs (upper bound 5.7%).
 * Tuned for 400 it needs about half again as many users and stays at about 3%.
 */
const PREFERENCE_PLANNED_USERS = 400;
const MOVIES = 2_000;
/** Requests a day of a user of average activity. */
const REQUESTS_PER_DAY = 3;
/** Users whose every request fails (a share the service cannot serve). */
const FAILING_SHARE = 0.01;

await runMain(spec, (args, { print, say }) => {
  const started = performance.now();
  const cap = args["user-cap"];
  const aaCap = args["aa-user-cap"];
  const world = createWorld(args.seed, { users: Math.max(cap, aaCap), movies: MOVIES });
  const catalogue = world.movies.map((m) => m.profile.id);
  const oracle: (readonly string[] | undefined)[] = new Array(world.users.length);
  const base: Omit<PairSetting, "swapShare" | "aa"> = {
    world, catalogue, userCap: cap, alpha,
    goodList: (u) => (oracle[u] ??= oracleList(world, u + 1, MAX_ANSWER_ITEMS)),
    abRho2: mixturePrecision(alpha, plannedUsers),
    preferenceShape: preferenceMixtureShape(alpha, PREFERENCE_PLANNED_USERS),
    conversionWindowMs: DEFAULT_CONVERSION_WINDOW_MS,
    requestsPerDay: REQUESTS_PER_DAY,
    failingShare: FAILING_SHARE,
  };
  say(
    `${args.runs} runs per pair, ${args["aa-runs"]} A/A runs; at most ${cap} users per pair run and test (the cap), ${aaCap} per A/A run; ${MOVIES} movies, lists of ${MAX_ANSWER_ITEMS}; ` +
      `alpha ${alpha} for both tests (A/B planned for ${plannedUsers} users, interleaving for ${PREFERENCE_PLANNED_USERS} with a preference)`,
  );

  const pairs: PairFigures[] = [];
  for (const pair of INTERLEAVING_PAIRS) {
    const t0 = performance.now();
    const runPair = pairSimulator({ ...base, swapShare: pair.swapShare, aa: false });
    const runs: PairRun[] = [];
    for (let i = 0; i < args.runs; i++) {
      runs.push(runPair(runSeed(args.seed, i)));
      if ((i + 1) % 50 === 0 && i + 1 < args.runs) say(`  ${pair.name}: ${i + 1}/${args.runs} runs (${seconds(t0)})`);
    }
    const figures = pairFigures(pair.name, runs);
    pairs.push(figures);
    const conclusive = runs.filter((r) => r.interleavingVerdict !== "inconclusive");
    const wrong = conclusive.filter((r) => r.interleavingVerdict !== `${r.better} preferred`).length;
    const abConclusive = runs.filter((r) => r.abUsers !== null);
    const abWrong = abConclusive.filter((r) => r.abDirection !== r.better).length;
    const sum = (f: (r: PairRun) => number) => runs.reduce((s, r) => s + f(r), 0);
    const judged = sum((r) => r.preferA + r.preferB + r.ties + r.noCredit);
    say(
      `${pair.name.padEnd(18)} interleaving conclusive in ${conclusive.length}/${runs.length}, wrong ${wrong}; ` +
        `A/B conclusive in ${abConclusive.length}/${runs.length}, wrong ${abWrong} (${seconds(t0)})`,
    );
    say(
      `  interleaved users judged: ${pct(sum((r) => r.preferA + r.preferB) / judged)} with a preference, ${pct(sum((r) => r.ties) / judged)} ties, ` +
        `${pct(sum((r) => r.noCredit) / judged)} no credit; share preferring the better model ${
          pct(sum((r) => (r.better === "A" ? r.preferA : r.preferB)) / sum((r) => r.preferA + r.preferB))
        }`,
    );
    say(`  ${pair.summary}`);
  }

  const t0 = performance.now();
  const runAa = pairSimulator({ ...base, userCap: aaCap, swapShare: AA_SWAP_SHARE, aa: true });
  const aaRuns: PairRun[] = [];
  for (let i = 0; i < args["aa-runs"]; i++) {
    aaRuns.push(runAa(runSeed(args.seed ^ 0x5a5a5a5a, i)));
    if ((i + 1) % 100 === 0 && i + 1 < args["aa-runs"]) say(`  A/A: ${i + 1}/${args["aa-runs"]} runs (${seconds(t0)})`);
  }
  const falseVerdicts = aaRuns.filter((r) => r.interleavingVerdict !== "inconclusive").length;
  const aaFalseRate = falseVerdicts / aaRuns.length;
  const aaUpper95 = clopperPearson(falseVerdicts, aaRuns.length).upper;
  const aaFalseMedian = usersMedian(aaRuns.filter((r) => r.interleavingUsers !== null).map((r) => r.interleavingUsers));
  say(
    `A/A (${AA_SWAP_SHARE * 100}% random on both sides) false verdicts ${falseVerdicts}/${aaRuns.length} = ${pct(aaFalseRate)} ` +
      `(upper95 ${pct(aaUpper95)}) within ${aaCap} users; the false ones after a median ${aaFalseMedian ?? "-"} users (${seconds(t0)})`,
  );

  const table = [
    `${"pair".padEnd(18)} ${"A/B users".padStart(10)} ${"interleaving".padStart(12)} ${"ratio".padStart(7)} ${"correct".padStart(8)}`,
    ...pairs.map((p) =>
      `${p.name.padEnd(18)} ${String(p.ab_users_median ?? `>${cap}`).padStart(10)} ${String(p.interleaving_users_median ?? `>${cap}`).padStart(12)} ` +
      `${(p.ratio === null ? "-" : p.ratio.toFixed(1)).padStart(7)} ${pct(p.correct_share).padStart(8)}`
    ),
    `A/A false verdicts ${pct(aaFalseRate)} (upper95 ${pct(aaUpper95)}) in ${aaRuns.length} runs of ${aaCap} users`,
    `users: median over runs of the users whose value had entered the test when it became conclusive; ">${cap}": most runs not conclusive within the cap`,
    `targets: ratio ≥ 10 for both pairs, correct ≥ 95%, A/A upper95 ≤ 5% (${seconds(started)})`,
  ].join("\n");
  print({ pairs, aa_false_rate: aaFalseRate, aa_upper95: aaUpper95 }, table);
  return "ok";
});

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}
