import { expect, test } from "bun:test";
import { mulberry32 } from "../../../shared/random/mulberry32.ts";
import { activityWeights } from "./activity-weights.ts";
import { aliasTable } from "./alias-table.ts";
import { drawRequest, emptyOutcome } from "./draw-request.ts";
import { SimulatedUsers } from "./simulated-users.ts";
import { BASE_TRAFFIC, NO_EFFECT } from "./traffic-model.ts";

const DAY = 86_400_000;
const traffic = { ...BASE_TRAFFIC, users: 20_000, errorRate: 0, failingUserShare: 0.01 };

/** Per user: requests and failed requests over `requests` draws on one day, half in each arm. */
function failuresByUser(day: number, requests = 100_000) {
  const users = new SimulatedUsers(traffic, aliasTable(activityWeights(traffic.users, traffic.activity, mulberry32(1))));
  users.startRun(mulberry32(2), (user) => user % 2);
  const random = mulberry32(3);
  const out = emptyOutcome();
  const seen = new Map<number, { requests: number; failed: number }>();
  for (let i = 0; i < requests; i++) {
    const user = users.draw();
    const effect = users.arm(user) === 1 ? { ...NO_EFFECT, conversionFactor: 0.5 } : NO_EFFECT;
    drawRequest(out, random, traffic, users, user, day * DAY + i, effect, 42);
    const row = seen.get(user) ?? { requests: 0, failed: 0 };
    row.requests++;
    if (out.status === 500) row.failed++;
    seen.set(user, row);
  }
  return seen;
}

test("drawRequest() with clustered failures: 1% of users fail every request, everyone else none, in both arms", () => {
  const seen = failuresByUser(19_900);
  const rows = [...seen.values()];
  expect(rows.every((r) => r.failed === 0 || r.failed === r.requests)).toBe(true);
  const failing = [...seen].filter(([, r]) => r.failed > 0).map(([user]) => user);
  expect(Math.abs(failing.length / seen.size - 0.01)).toBeLessThan(0.003);
  expect(failing.some((u) => u % 2 === 0) && failing.some((u) => u % 2 === 1)).toBe(true);
  expect(rows.some((r) => r.failed >= 10)).toBe(true); // busy failing users make clusters of failures
});

test("drawRequest() draws another set of failing users the next day", () => {
  const failingOn = (day: number) => new Set([...failuresByUser(day, 30_000)].filter(([, r]) => r.failed > 0).map(([u]) => u));
  const today = failingOn(19_900);
  const tomorrow = failingOn(19_901);
  const both = [...today].filter((u) => tomorrow.has(u)).length;
  expect(both).toBeLessThan(today.size / 5);
});

test("drawRequest() shows only answers that are 200 before the site's timeout, and converts only shown lists", () => {
  // Half the requests fail, a fifth pause for Exp(2 s): many answers are errors or come too late.
  const noisy = { ...traffic, failingUserShare: 0, errorRate: 0.5, latency: { ...traffic.latency, pauseShare: 0.2, pauseMeanMs: 2_000 } };
  const users = new SimulatedUsers(noisy, aliasTable(new Array<number>(noisy.users).fill(1)));
  users.startRun(mulberry32(4), () => 0);
  const random = mulberry32(5);
  const out = emptyOutcome();
  const counts = { shown: 0, late: 0, wronglyShown: 0, convertedUnshown: 0 };
  for (let i = 0; i < 10_000; i++) {
    drawRequest(out, random, noisy, users, users.draw(), i, NO_EFFECT, 1);
    const inTime = out.latencyMs < 800;
    if (out.shown) counts.shown++;
    if (out.status === 200 && !inTime) counts.late++;
    if (out.shown !== (out.status === 200 && inTime)) counts.wronglyShown++;
    if (!out.shown && (out.converted || out.watchMinutes > 0 || out.rating > 0)) counts.convertedUnshown++;
  }
  expect(counts.late).toBeGreaterThan(100);
  expect(counts.shown).toBeGreaterThan(3_000);
  expect(counts.wronglyShown).toBe(0);
  expect(counts.convertedUnshown).toBe(0);
});
