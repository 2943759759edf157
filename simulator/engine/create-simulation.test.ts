import { describe, expect, test } from "bun:test";
import type { MovielogEvent } from "../../shared/movielog/events.ts";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import type { FaultKind } from "../faults/fault-kind.ts";
import { createWorld } from "../world/create-world.ts";
import { simulate } from "./simulate.ts";

const world = createWorld(8, { users: 300, movies: 150 });
const ids = world.movies.map((m) => m.profile.id);
const START = Date.UTC(2024, 0, 3);
const run = (faults: FaultKind[], probe?: (path: string) => void) => {
  const random = mulberry32(4);
  return simulate({
    world, seed: 6, start: START, server: "recommender:8082", requests: 600, ratePerSecond: 0.05, faults: new Set(faults), probe,
    recommend: () => Array.from({ length: 20 }, () => ids[Math.floor(random() * ids.length)]),
  });
};

/** Per user, whether every watch started a movie of the list the user was served last. */
function watchesFollowLists(events: MovielogEvent[], userId: number): boolean[] {
  let served: readonly string[] = [];
  const follows: boolean[] = [];
  for (const e of events) {
    if (e.userId !== userId) continue;
    if (e.kind === "recommendation") served = e.items;
    if (e.kind === "watch" && e.minute === 0) follows.push(served.includes(e.movieId));
  }
  return follows;
}

describe("behaviour faults", () => {
  test("the shilling fault adds new accounts rating one movie 5 stars, and nothing without it", async () => {
    const on = await run(["shilling"]);
    const shills = on.events.filter((e) => e.userId > world.users.length);
    expect(shills.length).toBe(on.stats.shillRatings);
    expect(shills.length).toBeGreaterThan(10);
    expect(shills.every((e) => e.kind === "rate" && e.rating === 5 && e.movieId === on.shillingTarget)).toBe(true);
    expect(new Set(shills.map((e) => e.userId)).size).toBe(shills.length);
    const off = await run([]);
    expect(off.events.some((e) => e.userId > world.users.length)).toBe(false);
  });

  test("the feedback-loop fault makes a cohort watch only what it was recommended", async () => {
    const on = await run(["feedback-loop"]);
    const off = await run([]);
    const cohort = world.users.map((u) => u.user_id).filter((id) => id % 10 === 0);
    const onFollows = cohort.flatMap((id) => watchesFollowLists(on.events, id));
    const offFollows = cohort.flatMap((id) => watchesFollowLists(off.events, id));
    expect(onFollows.length).toBeGreaterThan(20);
    expect(onFollows.every(Boolean)).toBe(true);
    expect(offFollows.filter((f) => !f).length).toBeGreaterThan(5);
  });

  test("the bursts fault crowds requests into bursts", async () => {
    const share = (events: MovielogEvent[]) => {
      const requests = events.filter((e) => e.kind === "recommendation");
      return requests.filter((e) => (e.time - START) % 600_000 < 60_000).length / requests.length;
    };
    expect(share((await run(["bursts"])).events)).toBeGreaterThan(0.35);
    expect(share((await run([])).events)).toBeLessThan(0.2);
  });

  test("the invalid-requests fault probes the service with bad ids, and never without it", async () => {
    const paths: string[] = [];
    await run(["invalid-requests"], (p) => void paths.push(p));
    expect(paths.length).toBeGreaterThan(10);
    expect(new Set(paths.map((p) => (p.length > 10_000 ? "long" : p)))).toEqual(new Set(["/recommend/abc", "/recommend/-1", "long"]));
    const none: string[] = [];
    await run([], (p) => void none.push(p));
    expect(none).toEqual([]);
  });
});
