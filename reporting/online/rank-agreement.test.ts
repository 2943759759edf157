import { expect, test } from "bun:test";
import { rankAgreement } from "./rank-agreement.ts";

test("rankAgreement() says so when offline and online order the versions the same way", () => {
  const result = rankAgreement([{ version: "m1", offline: 0.2, online: 0.1 }, { version: "m2", offline: 0.3, online: 0.15 }]);
  expect(result).toEqual({
    compared: ["m1", "m2"], offlineOrder: ["m2", "m1"], onlineOrder: ["m2", "m1"], agree: true,
    statement: "Offline (nDCG) and online (conversion per list) rank the 2 versions the same way: m2 > m1.",
  });
});

test("rankAgreement() names both orders when they differ, and a tie matches only a tie", () => {
  const result = rankAgreement([
    { version: "m1", offline: 0.3, online: 0.1 },
    { version: "m2", offline: 0.3, online: 0.2 },
    { version: "m3", offline: 0.1, online: 0.05 },
  ]);
  expect(result.agree).toBe(false);
  expect(result.statement).toBe("Offline and online rank the versions differently: by nDCG m1 = m2 > m3, by conversion per list m2 > m1 > m3.");
});

test("rankAgreement() compares nothing with fewer than two versions having both figures", () => {
  const result = rankAgreement([{ version: "m1", offline: 0.3, online: 0.1 }, { version: "m2", offline: null, online: 0.2 }]);
  expect(result.agree).toBeNull();
  expect(result.statement).toBe("Fewer than two model versions have both offline nDCG and judged lists (missing one or the other: m2): no ranking to compare.");
});
