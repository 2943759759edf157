import { expect, test } from "bun:test";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { oracleList } from "../../simulator/oracle/oracle-list.ts";
import { createWorld } from "../../simulator/world/create-world.ts";
import { simulateUserDay, type UserDay } from "./simulate-user.ts";

const world = createWorld(3, { users: 50, movies: 300 });
const DAY = 86_400_000;
const START = Date.UTC(2024, 6, 1);

function day(u: number, seed: number, overrides: Partial<UserDay> = {}): UserDay {
  const items = oracleList(world, u + 1, 20);
  return {
    world, u, random: mulberry32(seed), start: START, windowMs: DAY, requestsPerDay: 3, activity: 1, failing: false,
    serve: () => ({ items, teams: items.map((_, i) => (i % 2 === 0 ? "A" : "B")) }), ...overrides,
  };
}

test("simulateUserDay() logs every answered request's list inside the window, with its teams", () => {
  const logs = simulateUserDay(day(4, 9, { activity: 5 }));
  expect(logs.requests).toBeGreaterThan(1);
  expect(logs.lists).toHaveLength(logs.requests);
  for (const list of logs.lists) {
    expect(list.userId).toBe(5);
    expect(list.time).toBeGreaterThanOrEqual(START);
    expect(list.time).toBeLessThan(START + DAY + 60); // answered within the latency after a request in the window
    expect(list.teams).toHaveLength(list.items.length);
  }
});

test("simulateUserDay() gives one start per movie, the user's first, and starts recommended movies", () => {
  let recommendedStarts = 0, requests = 0;
  for (let seed = 0; seed < 40; seed++) {
    const logs = simulateUserDay(day(seed % 50, seed));
    requests += logs.requests;
    const movies = logs.starts.map((s) => s.movieId);
    expect(new Set(movies).size).toBe(movies.length);
    for (const s of logs.starts) expect(s.firstTime).toBeGreaterThanOrEqual(START);
    recommendedStarts += logs.starts.filter((s) => logs.lists.some((l) => l.items.includes(s.movieId))).length;
  }
  // The oracle's lists convert most requests (about 0.7 each); rewatches start less often.
  expect(recommendedStarts / requests).toBeGreaterThan(0.3);
});

test("simulateUserDay() of a failing user shows no list and never asks the recommender", () => {
  let asked = 0;
  const logs = simulateUserDay(day(7, 2, { failing: true, serve: () => (asked++, { items: [] }) }));
  expect(logs.requests).toBeGreaterThanOrEqual(1);
  expect(logs.lists).toEqual([]);
  expect(asked).toBe(0);
});

test("simulateUserDay() is the same for the same seed", () => {
  expect(simulateUserDay(day(11, 77))).toEqual(simulateUserDay(day(11, 77)));
});
