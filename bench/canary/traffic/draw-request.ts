/**
 * One request's outcome as the product would record it: the router's status and
 * latency (telemetry), and, for an answer the site showed (status 200 before its
 * timeout), whether the list converted, the minutes watched and any rating.
 */
import type { Random } from "../../../shared/random/mulberry32.ts";
import { isSiteTimeout } from "../../../measurement/site-timeout.ts";
import { drawExponential } from "../../../simulator/world/random-draws.ts";
import { gaussian } from "../../../shared/random/gaussian.ts";
import { isFailingUser } from "./failing-users.ts";
import { drawLatency } from "./latency-model.ts";
import type { SimulatedUsers } from "./simulated-users.ts";
import type { ArmEffect, TrafficModel } from "./traffic-model.ts";

/** A request's outcome; reused between draws, so copy what must outlive the next one. */
export type RequestOutcome = {
  status: number;
  latencyMs: number;
  /** Status 200 before the site's timeout: the site logged the list it showed. */
  shown: boolean;
  converted: boolean;
  watchMinutes: number;
  /** 1–5, or 0 when the watch was not rated. */
  rating: number;
};

/** A fresh outcome record for drawRequest to fill. */
export function emptyOutcome(): RequestOutcome {
  return { status: 200, latencyMs: 0, shown: true, converted: false, watchMinutes: 0, rating: 0 };
}

/** Fills `out` with the outcome of `user`'s request (drawn by `users` in this run) at `time` in an arm with `effect`. */
export function drawRequest(
  out: RequestOutcome,
  random: Random,
  model: TrafficModel,
  users: SimulatedUsers,
  user: number,
  time: number,
  effect: ArmEffect,
  failureSeed: number,
): RequestOutcome {
  const failing = isFailingUser(failureSeed, user, time, model.failingUserShare);
  const failed = failing || random() < model.errorRate || (effect.errorRate > 0 && random() < effect.errorRate);
  out.status = failed ? 500 : 200;
  out.latencyMs = drawLatency(random, model.latency, users.latencyZ(user), effect.latencyTail);
  out.shown = !failed && !isSiteTimeout(out.latencyMs);
  out.converted = out.shown && random() < users.propensity(user) * effect.conversionFactor;
  out.watchMinutes = out.converted ? 1 + drawExponential(random, model.watchMinutesMean - 1) : 0;
  out.rating = out.converted && random() < model.ratingShare
    ? Math.min(5, Math.max(1, Math.round(users.ratingMean(user) + 0.9 * gaussian(random))))
    : 0;
  return out;
}
