import { describe, expect, test } from "bun:test";
import { estimateRemaining, formatProgressBar, formatProgressLog, type Progress } from "./format-progress.ts";

const progress: Progress = {
  fold: 2,
  foldIndex: 2,
  foldTotal: 2,
  report: { iteration: 5, iterations: 10, loss: 12345, trainError: 0.71234 },
  elapsed: 15,
};

describe("formatProgress", () => {
  test("estimateRemaining() extrapolates from iterations done over all folds", () => {
    // 15 of 20 iterations took 15 s.
    expect(estimateRemaining(progress)).toBe(5);
  });

  test("formatProgressBar() draws the bar, loss and ETA", () => {
    expect(formatProgressBar(progress, 10)).toBe("fold 2 (2/2) [#####.....] 5/10 loss 1.23e+4 train 0.712 eta 5s");
  });

  test("formatProgressLog() writes one JSON object", () => {
    expect(JSON.parse(formatProgressLog(progress))).toEqual({
      event: "iteration",
      fold: 2,
      iteration: 5,
      iterations: 10,
      loss: 12345,
      trainError: 0.71234,
      elapsedSeconds: 15,
      etaSeconds: 5,
    });
  });
});
