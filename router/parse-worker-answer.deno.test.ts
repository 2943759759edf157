import assert from "node:assert/strict";
import { parseWorkerAnswer } from "./parse-worker-answer.ts";

Deno.test("parseWorkerAnswer() reads ids with or without spaces and a final newline", () => {
  assert.deepEqual(parseWorkerAnswer("m*a*s*h+1970, akira+1988\n"), {
    ok: true,
    items: ["m*a*s*h+1970", "akira+1988"],
  });
});

Deno.test("parseWorkerAnswer() refuses empty, multi-line, repeated, malformed and over-long answers", () => {
  const twentyOne = Array.from({ length: 21 }, (_, i) => `m+${i}`).join(",");
  assert.deepEqual(parseWorkerAnswer(""), { ok: false, reason: "answer is empty" });
  assert.deepEqual(parseWorkerAnswer("a+1\nb+2"), {
    ok: false,
    reason: "answer has more than one line",
  });
  assert.deepEqual(parseWorkerAnswer("a+1,a+1"), {
    ok: false,
    reason: "answer repeats a movie id",
  });
  assert.deepEqual(parseWorkerAnswer("a+1,,b+2"), {
    ok: false,
    reason: 'answer holds a malformed movie id ""',
  });
  assert.deepEqual(parseWorkerAnswer("<html>"), {
    ok: false,
    reason: 'answer holds a malformed movie id "<html>"',
  });
  assert.deepEqual(parseWorkerAnswer(twentyOne), {
    ok: false,
    reason: "answer has 21 ids, more than 20",
  });
});
