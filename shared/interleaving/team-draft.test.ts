import { expect, test } from "bun:test";
import fc from "fast-check";
import { MAX_ANSWER_ITEMS } from "../recommendation/max-answer-items.ts";
import { type ItemTeam, teamDraft } from "./team-draft.ts";

// Small id alphabets make the two lists overlap often, which is where team draft is subtle.
const id = fc.integer({ min: 0, max: 30 }).map(String);
const list = fc.array(id, { maxLength: 25 });
const seed = fc.string({ maxLength: 12 });
const limit = fc.integer({ min: 0, max: 30 });

function firstUnmerged(source: readonly string[], merged: readonly string[]): string | undefined {
  return source.find((x) => !merged.includes(x));
}

test("teamDraft() merges distinct ids, at most `limit` of them, all from a or b", () => {
  fc.assert(fc.property(list, list, seed, limit, (a, b, s, n) => {
    const { items, teams } = teamDraft(a, b, s, n);
    expect(new Set(items).size).toBe(items.length);
    expect(items.length).toBeLessThanOrEqual(n);
    expect(teams.length).toBe(items.length);
    items.forEach((item, i) => {
      if (teams[i] !== "B") expect(a.includes(item)).toBe(true);
      if (teams[i] !== "A") expect(b.includes(item)).toBe(true);
    });
  }));
});

test("teamDraft() stops only at the limit or when both lists are exhausted", () => {
  fc.assert(fc.property(list, list, seed, limit, (a, b, s, n) => {
    const distinct = new Set([...a, ...b]).size;
    expect(teamDraft(a, b, s, n).items.length).toBe(Math.min(n, distinct));
  }));
});

test("teamDraft() defaults to MAX_ANSWER_ITEMS", () => {
  const a = Array.from({ length: 30 }, (_, i) => `a${i}`);
  const b = Array.from({ length: 30 }, (_, i) => `b${i}`);
  expect(teamDraft(a, b, "r1").items.length).toBe(MAX_ANSWER_ITEMS);
});

test("each pick is the picking team's highest-ranked item not yet merged; both teams' for a shared one", () => {
  fc.assert(fc.property(list, list, seed, limit, (a, b, s, n) => {
    const { items, teams } = teamDraft(a, b, s, n);
    items.forEach((item, i) => {
      const nextA = firstUnmerged(a, items.slice(0, i)), nextB = firstUnmerged(b, items.slice(0, i));
      // "both" exactly when the two teams' next picks are one movie.
      expect(teams[i] === "both").toBe(nextA !== undefined && nextA === nextB);
      expect(item).toBe((teams[i] === "B" ? nextB : nextA)!);
    });
  }));
});

test("an item both teams would pick next is merged once, credited to neither, and costs neither a pick", () => {
  // B is A with its third item swapped: only the swapped pair is contested.
  const a = ["m1", "m2", "m3", "m4", "m5"], b = ["m1", "m2", "x3", "m4", "m5"];
  for (let i = 0; i < 50; i++) {
    const { items, teams } = teamDraft(a, b, `req-${i}`);
    expect(teams[0]).toBe("both");
    expect(teams[1]).toBe("both");
    // The contested round: one of m3, x3 each, in the coin's order.
    expect(new Set(items.slice(2, 4))).toEqual(new Set(["m3", "x3"]));
    expect(teams[items.indexOf("m3")]).toBe("A");
    expect(teams[items.indexOf("x3")]).toBe("B");
    expect(items.slice(4)).toEqual(["m4", "m5"]);
    expect(teams.slice(4)).toEqual(["both", "both"]);
  }
});

test("team sizes differ by at most one while both teams still have items", () => {
  fc.assert(fc.property(list, list, seed, limit, (a, b, s, n) => {
    const { items, teams } = teamDraft(a, b, s, n);
    let countA = 0, countB = 0;
    for (let i = 0; i < items.length; i++) {
      const merged = items.slice(0, i);
      const bothHaveItems = firstUnmerged(a, merged) !== undefined &&
        firstUnmerged(b, merged) !== undefined;
      if (bothHaveItems && teams[i] !== "both") {
        // The team behind must pick; when level either may.
        if (countA < countB) expect(teams[i]).toBe("A");
        if (countB < countA) expect(teams[i]).toBe("B");
      }
      if (teams[i] === "A") countA++;
      if (teams[i] === "B") countB++;
      if (bothHaveItems) expect(Math.abs(countA - countB)).toBeLessThanOrEqual(1);
    }
  }));
});

test("a shorter limit gives a prefix of a longer one (same seed)", () => {
  fc.assert(fc.property(list, list, seed, limit, limit, (a, b, s, m, n) => {
    const [short, long] = m <= n ? [m, n] : [n, m];
    const shortMerge = teamDraft(a, b, s, short), longMerge = teamDraft(a, b, s, long);
    expect(longMerge.items.slice(0, shortMerge.items.length)).toEqual(shortMerge.items);
    expect(longMerge.teams.slice(0, shortMerge.teams.length)).toEqual(shortMerge.teams);
  }));
});

test("teamDraft() is deterministic for a seed and does not modify its inputs", () => {
  fc.assert(fc.property(list, list, seed, limit, (a, b, s, n) => {
    const aCopy = [...a], bCopy = [...b];
    expect(teamDraft(a, b, s, n)).toEqual(teamDraft(aCopy, bCopy, s, n));
    expect(a).toEqual(aCopy);
    expect(b).toEqual(bCopy);
  }));
});

test("identical lists merge to that list, every item both teams', whatever the coins say", () => {
  fc.assert(fc.property(fc.uniqueArray(id, { maxLength: 20 }), seed, (a, s) => {
    expect(teamDraft(a, [...a], s)).toEqual({ items: a, teams: a.map(() => "both") });
  }));
});

test("one empty list gives the other list, credited to its team", () => {
  expect(teamDraft(["1", "2", "2", "3"], [], "s")).toEqual({
    items: ["1", "2", "3"],
    teams: ["A", "A", "A"],
  });
  expect(teamDraft([], ["7", "8"], "s")).toEqual({ items: ["7", "8"], teams: ["B", "B"] });
  expect(teamDraft([], [], "s")).toEqual({ items: [], teams: [] });
});

test("the coin is fair: over many request ids, A picks first about half the time", () => {
  // 20,000 fixed seeds; a fair coin lands within ±1.5 points of 50% with probability
  // far above 0.9999 (binomial sd 0.35 points), so a biased coin fails this test.
  const firsts: ItemTeam[] = [];
  for (let i = 0; i < 20_000; i++) firsts.push(teamDraft(["a"], ["b"], `req-${i}`).teams[0]);
  const shareA = firsts.filter((t) => t === "A").length / firsts.length;
  expect(shareA).toBeGreaterThan(0.485);
  expect(shareA).toBeLessThan(0.515);
});

test("different seeds give different merges (the coin depends on the seed and round)", () => {
  const a = ["a1", "a2", "a3", "a4", "a5", "a6"], b = ["b1", "b2", "b3", "b4", "b5", "b6"];
  const merges = new Set<string>();
  for (let i = 0; i < 200; i++) merges.add(teamDraft(a, b, `req-${i}`, 6).teams.join(""));
  // Six picks are three level rounds, two orders each: all eight team patterns appear.
  expect(merges.size).toBe(8);
});
