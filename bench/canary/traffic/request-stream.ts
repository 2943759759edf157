/**
 * When requests arrive and whose they are. Poisson arrivals of independently drawn users
 * are the idealised case. Real traffic comes in bursts: a user paging through rows of
 * recommendations, a client that refreshes every tile, sends several requests seconds
 * apart. So a burst is one user's: bursts start as a Poisson process, each brings a
 * geometric number of requests with exponential gaps, and the long-run rate is kept.
 */
import type { Random } from "../../../shared/random/mulberry32.ts";
import { drawExponential } from "../../../simulator/world/random-draws.ts";

/** How requests arrive at a long-run mean of `perSecond` requests per second. */
export type ArrivalModel =
  | { readonly kind: "poisson"; readonly perSecond: number }
  | {
    readonly kind: "bursts";
    readonly perSecond: number;
    /** Mean requests of one burst (geometric, at least 1). */
    readonly meanRequests: number;
    /** Mean gap between a burst's requests. */
    readonly meanGapMs: number;
  };

/** The next request: its time (ms, never before the previous one) and user; reused between calls. */
export type NextRequest = { time: number; user: number };

/** A stream of requests of `model` from `start`: each call fills and returns the same record. */
export function requestStream(model: ArrivalModel, start: number, random: Random, drawUser: () => number): () => NextRequest {
  if (!(model.perSecond > 0)) throw new RangeError(`a request stream needs a positive rate: current value is ${model.perSecond}`);
  const next: NextRequest = { time: start, user: 0 };
  if (model.kind === "poisson") {
    const meanGap = 1000 / model.perSecond;
    return () => {
      next.time += drawExponential(random, meanGap);
      next.user = drawUser();
      return next;
    };
  }
  if (!(model.meanRequests >= 1)) throw new RangeError(`a burst has at least one request on average: current value is ${model.meanRequests}`);
  const meanBurstGap = (1000 * model.meanRequests) / model.perSecond;
  // P(one more request) of a geometric count with this mean.
  const more = 1 - 1 / model.meanRequests;
  const queued = new TimeHeap();
  let burstAt = start + drawExponential(random, meanBurstGap);
  return () => {
    while (queued.size === 0 || burstAt <= queued.peekTime()) {
      const user = drawUser();
      let time = burstAt;
      queued.push(time, user);
      while (random() < more) queued.push((time += drawExponential(random, model.meanGapMs)), user);
      burstAt += drawExponential(random, meanBurstGap);
    }
    next.time = queued.peekTime();
    next.user = queued.pop();
    return next;
  };
}

/** A binary min-heap of (time, user), for the requests of overlapping bursts. */
class TimeHeap {
  #times: number[] = [];
  #users: number[] = [];

  get size(): number {
    return this.#times.length;
  }

  peekTime(): number {
    return this.#times[0];
  }

  push(time: number, user: number): void {
    const times = this.#times, users = this.#users;
    let i = times.length;
    times.push(time);
    users.push(user);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (times[parent] <= time) break;
      times[i] = times[parent];
      users[i] = users[parent];
      i = parent;
    }
    times[i] = time;
    users[i] = user;
  }

  /** Removes the earliest entry and returns its user. */
  pop(): number {
    const times = this.#times, users = this.#users;
    const user = users[0];
    const lastTime = times.pop()!;
    const lastUser = users.pop()!;
    const n = times.length;
    if (n === 0) return user;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && times[child + 1] < times[child]) child++;
      if (times[child] >= lastTime) break;
      times[i] = times[child];
      users[i] = users[child];
      i = child;
    }
    times[i] = lastTime;
    users[i] = lastUser;
    return user;
  }
}
