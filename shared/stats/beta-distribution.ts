/**
 * The beta distribution's CDF (the regularized incomplete beta function I_x(a, b)) and
 * its quantile. The CDF is the continued fraction of Numerical Recipes §6.4 (modified
 * Lentz), taken on the side of x where it converges fast; the quantile inverts the CDF
 * by bisection, which is slow but cannot fail, as the CDF is monotone.
 */
import betaln from "@stdlib/math-base-special-betaln";

const EPSILON = 1e-16;
const TINY = 1e-300;
// Convergence takes O(√max(a, b)) terms: this covers shapes up to about 10^9.
const MAX_TERMS = 200_000;

/** P(X ≤ x) for X ~ Beta(a, b); a, b > 0. */
export function betaCdf(x: number, a: number, b: number): number {
  checkShapes(a, b);
  if (Number.isNaN(x)) throw new RangeError(`betaCdf() needs a number x: current value is ${x}`);
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = a * Math.log(x) + b * Math.log1p(-x) - betaln(a, b);
  // The fraction converges fastest below the mean-ish point; above it, use the symmetry I_x(a,b) = 1 − I_{1−x}(b,a).
  if (x < (a + 1) / (a + b + 2)) return Math.exp(logFront) * continuedFraction(x, a, b) / a;
  return 1 - Math.exp(logFront) * continuedFraction(1 - x, b, a) / b;
}

/** The x with P(X ≤ x) = p for X ~ Beta(a, b), to the last bit bisection reaches; p in [0, 1]. */
export function betaQuantile(p: number, a: number, b: number): number {
  checkShapes(a, b);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`betaQuantile() needs a probability p in [0, 1]: current value is ${p}`);
  if (p === 0) return 0;
  if (p === 1) return 1;
  let lo = 0;
  let hi = 1;
  for (;;) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) return mid;
    if (betaCdf(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
}

function continuedFraction(x: number, a: number, b: number): number {
  const sum = a + b;
  let c = 1;
  let d = 1 - (sum * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_TERMS; m++) {
    const m2 = 2 * m;
    // Even term of the fraction.
    let term = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 + term * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + term / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    // Odd term.
    term = (-(a + m) * (sum + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 + term * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + term / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < EPSILON) return h;
  }
  throw new Error(`the incomplete beta fraction did not converge for x ${x}, a ${a}, b ${b}`);
}

function checkShapes(a: number, b: number): void {
  if (!(a > 0 && b > 0 && Number.isFinite(a) && Number.isFinite(b))) {
    throw new RangeError(`the beta distribution needs finite shapes a, b > 0: current values are a ${a}, b ${b}`);
  }
}
