/**
 * One run of a benchmark pair: the same stream of simulated users meets the A/B test and
 * the interleaved test, and each test looks after every user whose value has entered it,
 * until it is conclusive or the run's user cap is reached.
 *  - A/B: each user is randomised to A or B and sees that model's lists; their value is the
 *    reports' conversion metric (converted lists / lists shown, by the measurement layer's
 *    predicate); the test is the product's always-valid sequence for a difference of
 *    per-user means (meanDifferenceSequence), conclusive when it excludes 0.
 *  - Interleaving: each user sees team-draft merges of A's and B's lists (teamDraft), their
 *    value is their preference (measurement/interleaving), and the test is the preference
 *    sequence, conclusive when it excludes one half.
 * Both see the same users in the same order (user i has the same tastes and activity in
 * both), each with its own behaviour draws. A user's value is final a fixed time after
 * their first request, so users enter both tests in arrival order; "users" counts the
 * users whose value had entered when the test became conclusive.
 */
import { teamDraft } from "../../shared/interleaving/team-draft.ts";
import { mulberry32, type Random } from "../../shared/random/mulberry32.ts";
import { shuffleInPlace } from "../../shared/random/shuffle-in-place.ts";
import { meanDifferenceSequence } from "../../shared/stats/mean-difference-sequence.ts";
import { type PreferenceVerdict, preferenceVerdict } from "../../shared/stats/preference-sequence.ts";
import { convertingStarts } from "../../measurement/conversion/converting-starts.ts";
import { PREFERENCE_WINDOW_MS, userPreferences } from "../../measurement/interleaving/user-preference.ts";
import { countPreference, NO_PREFERENCES } from "../../measurement/interleaving/preference-tally.ts";
import type { World } from "../../simulator/world/create-world.ts";
import type { PairOutcome } from "./pair-figures.ts";
import { RunningMoments } from "./running-moments.ts";
import { type Served, simulateUserDay, type UserLogs } from "./simulate-user.ts";
import { swapForRandom } from "./swap-for-random.ts";

/** What every run of one pair shares. */
export type PairSetting = {
  readonly world: World;
  /** Every movie id of the world, for the random swaps. */
  readonly catalogue: readonly string[];
  /** The good model's list for a user index (the oracle's, cached by the caller). */
  readonly goodList: (u: number) => readonly string[];
  /** Share of each list the weaker model swaps for random movies (0 for an A/A pair's both sides, see `aa`). */
  readonly swapShare: number;
  /** A/A: both sides are the weaker model, each list drawn on its own; no A/B test is run. */
  readonly aa: boolean;
  readonly alpha: number;
  /** Mixture precision of the A/B sequence, fixed before the run. */
  readonly abRho2: number;
  /** Beta mixture shape of the preference sequence, fixed before the run. */
  readonly preferenceShape: number;
  readonly userCap: number;
  readonly conversionWindowMs: number;
  readonly requestsPerDay: number;
  /** Share of users whose every request fails. */
  readonly failingShare: number;
};

/** One run's results: the figures' outcome, plus what the text output shows. */
export type PairRun = PairOutcome & {
  readonly abDirection: "A" | "B" | null;
  readonly preferA: number;
  readonly preferB: number;
  readonly ties: number;
  readonly noCredit: number;
};

const START = Date.UTC(2024, 6, 1);
const ARRIVAL_GAP_MS = 2_000;

/** A simulator of `setting`'s runs: call it with a run seed; even seeds put the better model on A, odd on B. */
export function pairSimulator(setting: PairSetting): (seed: number) => PairRun {
  const { world, userCap } = setting;
  if (userCap > world.users.length) throw new RangeError(`the user cap ${userCap} exceeds the world's ${world.users.length} users`);
  const order = Uint32Array.from({ length: world.users.length }, (_, i) => i);
  const meanActivity = world.activityCumulative[world.users.length - 1] / world.users.length;
  const activity = (u: number) => (world.activityCumulative[u] - (u > 0 ? world.activityCumulative[u - 1] : 0)) / meanActivity;

  return (seed) => {
    const better = setting.aa || seed % 2 === 0 ? "A" : "B";
    const shares = setting.aa ? [setting.swapShare, setting.swapShare] : better === "A" ? [0, setting.swapShare] : [setting.swapShare, 0];
    const model = (side: 0 | 1, u: number, random: Random) => swapForRandom(setting.goodList(u), shares[side], setting.catalogue, random);
    // From the identity every run, so a run depends on its seed alone, not on the runs before it.
    for (let i = 0; i < order.length; i++) order[i] = i;
    shuffleInPlace(order, mulberry32(seed ^ 0x5bd1e995));
    const arms = [new RunningMoments(), new RunningMoments()];
    let abUsers: number | null = null, abDirection: "A" | "B" | null = null;
    let interleavingUsers: number | null = null, interleavingVerdict: PreferenceVerdict = "inconclusive";
    let preferences = NO_PREFERENCES;

    for (let i = 0; i < userCap && ((!setting.aa && abUsers === null) || interleavingUsers === null); i++) {
      const u = order[i];
      const start = START + i * ARRIVAL_GAP_MS;
      // The user's own draws for each test, independent of whether the other test still runs.
      const userSeed = (Math.imul(seed, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0;
      const failing = mulberry32(userSeed ^ 0x27d4eb2f)() < setting.failingShare;
      const day = (random: Random, serve: (request: number) => Served): UserLogs =>
        simulateUserDay({
          world, u, random, start, windowMs: PREFERENCE_WINDOW_MS, requestsPerDay: setting.requestsPerDay,
          activity: activity(u), failing, serve,
        });

      if (!setting.aa && abUsers === null) {
        const random = mulberry32(userSeed ^ 0x165667b1);
        const arm = random() < 0.5 ? 0 : 1;
        const logs = day(random, () => ({ items: model(arm, u, random) }));
        if (logs.lists.length > 0) {
          const converted = convertingStarts(logs.lists, logs.starts, setting.conversionWindowMs).filter((s) => s.length > 0).length;
          arms[arm].add(converted / logs.lists.length);
          const s = meanDifferenceSequence(arms[0].moments(), arms[1].moments(), setting.alpha, setting.abRho2);
          if (s !== null && (s.lower > 0 || s.upper < 0)) {
            abUsers = i + 1;
            abDirection = s.lower > 0 ? "B" : "A";
          }
        }
      }

      if (interleavingUsers === null) {
        const random = mulberry32(userSeed ^ 0xc2b2ae35);
        const logs = day(random, (request) => teamDraft(model(0, u, random), model(1, u, random), `${seed}-${i}-${request}`));
        const [user] = userPreferences(logs.lists, logs.starts, { conversionWindowMs: setting.conversionWindowMs });
        preferences = countPreference(preferences, user?.preference ?? "none");
        interleavingVerdict = preferenceVerdict(preferences, setting.alpha, setting.preferenceShape);
        if (interleavingVerdict !== "inconclusive") interleavingUsers = i + 1;
      }
    }
    return { abUsers, abDirection, interleavingUsers, interleavingVerdict, better, ...preferences };
  };
}
