import { expect, test } from "bun:test";
import { failureReasons, judgeAnswer, tallyRequests } from "./tally-requests.ts";

test("judgeAnswer() accepts a 200 of 1–20 distinct movie ids, a fallback list included", () => {
  expect(judgeAnswer({ status: 200, body: "the+godfather+1972,m*a*s*h+1970\n" })).toEqual({ ok: true });
  const twenty = Array.from({ length: 20 }, (_, i) => `movie+${i}`).join(",");
  expect(judgeAnswer({ status: 200, body: twenty })).toEqual({ ok: true });
});

test("judgeAnswer() fails no answer, a status other than 200, and a 200 that is not 1–20 distinct ids", () => {
  expect(judgeAnswer({ error: "connection closed by the server" })).toEqual({ ok: false, reason: "no answer: connection closed by the server" });
  expect(judgeAnswer({ status: 503, body: "a,b" })).toEqual({ ok: false, reason: "status 503" });
  expect(judgeAnswer({ status: 200, body: "" })).toEqual({ ok: false, reason: "answer is empty" });
  expect(judgeAnswer({ status: 200, body: "a+1,a+1" })).toEqual({ ok: false, reason: "answer repeats a movie id" });
  const many = Array.from({ length: 21 }, (_, i) => `movie+${i}`).join(",");
  expect(judgeAnswer({ status: 200, body: many })).toEqual({ ok: false, reason: "answer has 21 ids, more than 20" });
});

test("tallyRequests() counts the requests started in [from, to), the failed ones and the slowest", () => {
  const records = [
    { startedAt: 99, latencyMs: 900, ok: false },
    { startedAt: 100, latencyMs: 3.4, ok: true },
    { startedAt: 150, latencyMs: 800.6, ok: false },
    { startedAt: 199, latencyMs: 12, ok: true },
    { startedAt: 200, latencyMs: 5000, ok: false },
  ];
  expect(tallyRequests(records, 100, 200)).toEqual({ requests: 3, failed: 1, max_latency_ms: 801 });
  expect(tallyRequests(records, 300, 400)).toEqual({ requests: 0, failed: 0, max_latency_ms: 0 });
});

test("failureReasons() counts the window's failures by reason, most frequent first", () => {
  const failures = [
    { startedAt: 1, reason: "status 500" },
    { startedAt: 2, reason: "no answer: reset" },
    { startedAt: 3, reason: "no answer: reset" },
    { startedAt: 9, reason: "status 502" },
  ];
  expect(failureReasons(failures, 0, 5)).toEqual([["no answer: reset", 2], ["status 500", 1]]);
});
