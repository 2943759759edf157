import { expect, test } from "bun:test";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { SITE_CLIENT_TIMEOUT_MS } from "../../measurement/site-timeout.ts";
import { interleavedAnswer } from "./interleaved-answer.ts";
import { emptyOutcome, type RequestOutcome } from "./traffic/draw-request.ts";

const outcome = (patch: Partial<RequestOutcome>): RequestOutcome => ({ ...emptyOutcome(), latencyMs: 50, ...patch });
const always = (x: number) => () => x;

test("interleavedAnswer() merges two answers: the slower one's latency, and the watch of the half drawn credits that team", () => {
  const stable = outcome({ latencyMs: 40, converted: false });
  const candidate = outcome({ latencyMs: 90, converted: true, watchMinutes: 33 });
  const out = emptyOutcome();
  expect(interleavedAnswer(out, stable, candidate, always(0.2))).toEqual({ merged: true, credit: "B" });
  expect(out).toMatchObject({ status: 200, latencyMs: 90, shown: true, converted: true, watchMinutes: 33 });
  expect(interleavedAnswer(out, stable, candidate, always(0.8))).toEqual({ merged: true, credit: null });
  expect(out).toMatchObject({ shown: true, converted: false, watchMinutes: 0 });
  expect(interleavedAnswer(out, outcome({ converted: true }), candidate, always(0.8))).toEqual({ merged: true, credit: "A" });
});

test("interleavedAnswer() answers with the other pool's list, crediting nobody, when one fails, and fails only when both do", () => {
  const failed = outcome({ status: 500, latencyMs: 5, shown: false });
  const out = emptyOutcome();
  expect(interleavedAnswer(out, failed, outcome({ latencyMs: 70, converted: true }), always(0.2))).toEqual({ merged: false, credit: null });
  expect(out).toMatchObject({ status: 200, latencyMs: 70, shown: true, converted: true });
  expect(interleavedAnswer(out, outcome({ latencyMs: 60 }), failed, always(0.2))).toEqual({ merged: false, credit: null });
  expect(out).toMatchObject({ status: 200, latencyMs: 60, shown: true });
  expect(interleavedAnswer(out, failed, { ...failed, latencyMs: 9 }, always(0.2))).toEqual({ merged: false, credit: null });
  expect(out).toMatchObject({ status: 500, latencyMs: 9, shown: false, converted: false });
});

test("interleavedAnswer() shows nothing when the slower pool is past the site's timeout", () => {
  const out = emptyOutcome();
  const late = outcome({ latencyMs: SITE_CLIENT_TIMEOUT_MS + 1, shown: false });
  expect(interleavedAnswer(out, outcome({ converted: true }), late, always(0.8))).toEqual({ merged: false, credit: null });
  expect(out).toMatchObject({ status: 200, shown: false, converted: false });
});

test("interleavedAnswer() draws each team's half equally: two converting rankers are credited about half each", () => {
  const random = mulberry32(11);
  const out = emptyOutcome();
  let b = 0;
  const draws = 20_000;
  for (let i = 0; i < draws; i++) if (interleavedAnswer(out, outcome({ converted: true }), outcome({ converted: true }), random).credit === "B") b++;
  // Binomial(20,000, ½): five standard deviations are about 354.
  expect(Math.abs(b - draws / 2)).toBeLessThan(354);
});
