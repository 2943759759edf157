/**
 * The users of a scenario's runs: drawn by activity, each with their own conversion
 * propensity, latency level, rating habit and arm, drawn when the user first appears in
 * a run (so a run pays only for the users it meets) from that run's own generator. The
 * table is allocated once per scenario and reused by every run: a run marks what it drew
 * with its own number instead of clearing arrays of 200,000 users.
 */
import type { Random } from "../../../shared/random/mulberry32.ts";
import { gaussian } from "../../../shared/random/gaussian.ts";
import { type AliasTable, drawAlias } from "./alias-table.ts";
import { drawRate } from "./draw-beta.ts";
import type { TrafficModel } from "./traffic-model.ts";

// One user's attributes side by side (one cache line): propensity, latency z, rating centre, arm.
const STRIDE = 4;

/** The users of one scenario; `startRun` begins a run with fresh attributes. */
export class SimulatedUsers {
  readonly #model: TrafficModel;
  readonly #activity: AliasTable;
  readonly #attributes: Float64Array;
  readonly #drawnIn: Int32Array;
  #run = 0;
  #random: Random = () => 0;
  #arm: (user: number) => number = () => 0;

  /** The users of `model`, drawn in proportion to `activity` (aliasTable of activityWeights). */
  constructor(model: TrafficModel, activity: AliasTable) {
    if (activity.size !== model.users) throw new RangeError(`the activity table has ${activity.size} users, the traffic ${model.users}`);
    this.#model = model;
    this.#activity = activity;
    this.#attributes = new Float64Array(STRIDE * model.users);
    this.#drawnIn = new Int32Array(model.users);
  }

  /** Begins a run: attributes are drawn anew with `random`, and each user's arm is `arm(user)`. */
  startRun(random: Random, arm: (user: number) => number): void {
    this.#run++;
    this.#random = random;
    this.#arm = arm;
  }

  /** A user drawn in proportion to activity, whose attributes are drawn for this run. */
  draw(): number {
    const user = drawAlias(this.#random, this.#activity);
    if (this.#drawnIn[user] !== this.#run) this.#meet(user);
    return user;
  }

  /** Converts a shown list with this probability. */
  propensity(user: number): number {
    return this.#attributes[STRIDE * user];
  }

  /** The user's standard normal latency draw (drawLatency's userZ). */
  latencyZ(user: number): number {
    return this.#attributes[STRIDE * user + 1];
  }

  /** The centre of the user's ratings (1–5 scale). */
  ratingMean(user: number): number {
    return this.#attributes[STRIDE * user + 2];
  }

  /** The user's arm in this run, as the run's `arm` gave it. */
  arm(user: number): number {
    return this.#attributes[STRIDE * user + 3];
  }

  #meet(user: number): void {
    const at = STRIDE * user;
    this.#attributes[at] = drawRate(this.#random, this.#model.conversionRate, this.#model.propensityConcentration);
    this.#attributes[at + 1] = gaussian(this.#random);
    this.#attributes[at + 2] = 3.6 + 0.5 * gaussian(this.#random);
    this.#attributes[at + 3] = this.#arm(user);
    this.#drawnIn[user] = this.#run;
  }
}
