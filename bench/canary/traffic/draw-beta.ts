/**
 * Beta draws for per-user propensities (each user converts at their own rate around the
 * site's base rate): Beta(a, b) = G_a / (G_a + G_b) with Marsaglia & Tsang's (2000)
 * gamma sampler, boosted for shapes below 1.
 */
import { gaussian } from "../../../shared/random/gaussian.ts";
import type { Random } from "../../../shared/random/mulberry32.ts";

/** A Beta(a, b) draw; a, b > 0. */
export function drawBeta(random: Random, a: number, b: number): number {
  const x = drawGamma(random, a);
  const y = drawGamma(random, b);
  return x / (x + y);
}

/** A draw with mean `mean` whose spread across draws is that of Beta(concentration·mean, concentration·(1 − mean)). */
export function drawRate(random: Random, mean: number, concentration: number): number {
  if (!(mean > 0 && mean < 1)) throw new RangeError(`drawRate() needs a mean in (0, 1): current value is ${mean}`);
  return drawBeta(random, concentration * mean, concentration * (1 - mean));
}

function drawGamma(random: Random, shape: number): number {
  if (!(shape > 0)) throw new RangeError(`a gamma draw needs a positive shape: current value is ${shape}`);
  // Gamma(k) = Gamma(k + 1) · U^(1/k) for k < 1, where the squeeze below does not apply.
  if (shape < 1) return drawGamma(random, shape + 1) * (1 - random()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = gaussian(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}
