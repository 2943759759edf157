import { describe, expect, test } from "bun:test";
import { foldWatchSession } from "./fold-watch-session.ts";

const key = { userId: 7, movieId: "akira+1988" };

describe("foldWatchSession()", () => {
  test("foldWatchSession() starts a session from the first views", () => {
    const { session, duplicates } = foldWatchSession(null, key, [
      { minute: 2, time: 2000 },
      { minute: 1, time: 1000 },
      { minute: 3, time: 3000 },
    ]);
    expect(session).toEqual({ ...key, firstTime: 1000, lastTime: 3000, minutes: [1, 2, 3] });
    expect(duplicates).toBe(0);
  });

  test("foldWatchSession() counts a replayed minute as a duplicate and changes nothing", () => {
    const first = foldWatchSession(null, key, [{ minute: 1, time: 1000 }, { minute: 2, time: 2000 }]).session;
    const replay = foldWatchSession(first, key, [{ minute: 1, time: 1000 }, { minute: 2, time: 2000 }]);
    expect(replay).toEqual({ session: first, duplicates: 2 });
  });

  test("foldWatchSession() treats the same line twice in one batch as one view", () => {
    const folded = foldWatchSession(null, key, [{ minute: 5, time: 5000 }, { minute: 5, time: 5000 }]);
    expect(folded.duplicates).toBe(1);
    expect(folded.session.minutes).toEqual([5]);
  });

  test("foldWatchSession() keeps a later re-watch of a known minute as new activity", () => {
    const first = foldWatchSession(null, key, [{ minute: 1, time: 1000 }]).session;
    const rewatch = foldWatchSession(first, key, [{ minute: 1, time: 9000 }]);
    expect(rewatch).toEqual({ session: { ...key, firstTime: 1000, lastTime: 9000, minutes: [1] }, duplicates: 0 });
  });

  test("foldWatchSession() accepts a late, unseen minute and moves the first time back", () => {
    const first = foldWatchSession(null, key, [{ minute: 10, time: 10_000 }]).session;
    const late = foldWatchSession(first, key, [{ minute: 3, time: 500 }]);
    expect(late).toEqual({ session: { ...key, firstTime: 500, lastTime: 10_000, minutes: [3, 10] }, duplicates: 0 });
  });
});
