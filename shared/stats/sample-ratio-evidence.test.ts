import { expect, test } from "bun:test";
import { logSampleRatioEvidence } from "./sample-ratio-evidence.ts";
import { mulberry32 } from "../random/mulberry32.ts";

// Reference values: scipy 1.17, scipy.special.betaln with the same prior
// (weight = max(1, (1 − p)/(0.04·p) − 1), a = p·weight, b = (1 − p)·weight):
// betaln(k + a, n − k + b) − betaln(a, b) − k·log(p) − (n − k)·log1p(−p).
test("logSampleRatioEvidence() matches scipy's Beta-binomial mixture", () => {
  expect(logSampleRatioEvidence(50, 1000, 0.05)).toBeCloseTo(-0.56965541575385, 9);
  expect(logSampleRatioEvidence(80, 1000, 0.05)).toBeCloseTo(5.007256146923254, 9);
  expect(logSampleRatioEvidence(200, 1000, 0.2)).toBeCloseTo(-1.2075387948247283, 9);
  expect(logSampleRatioEvidence(260, 1000, 0.2)).toBeCloseTo(8.334289979837052, 9);
  expect(logSampleRatioEvidence(5000, 10000, 0.5)).toBeCloseTo(-3.0277305517938657, 8);
  expect(logSampleRatioEvidence(5300, 10000, 0.5)).toBeCloseTo(14.941705615342016, 8);
  expect(logSampleRatioEvidence(0, 0, 0.2)).toBeCloseTo(0, 12);
  expect(logSampleRatioEvidence(3, 10, 0.05)).toBeCloseTo(0.07444819419941512, 9);
});

test("bad counts or shares are refused", () => {
  expect(() => logSampleRatioEvidence(11, 10, 0.2)).toThrow(RangeError);
  expect(() => logSampleRatioEvidence(1, 10, 0)).toThrow(RangeError);
});

test("a fair split rarely alarms at any of many looks; a 30 % shortfall is found", () => {
  const alpha = 0.01;
  let alarms = 0;
  for (let run = 0; run < 300; run++) {
    const random = mulberry32(run + 11);
    let k = 0;
    for (let n = 1; n <= 20_000; n++) {
      if (random() < 0.05) k++;
      if (n % 200 === 0 && logSampleRatioEvidence(k, n, 0.05) >= Math.log(1 / alpha)) {
        alarms++;
        break;
      }
    }
  }
  expect(alarms).toBeLessThanOrEqual(3);
  const random = mulberry32(5);
  let k = 0;
  let found = 0;
  for (let n = 1; n <= 20_000 && found === 0; n++) {
    if (random() < 0.035) k++;
    if (n % 200 === 0 && logSampleRatioEvidence(k, n, 0.05) >= Math.log(1 / alpha)) found = n;
  }
  expect(found).toBeGreaterThan(0);
});
