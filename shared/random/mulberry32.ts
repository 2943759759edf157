/** A small, fast, seeded PRNG (mulberry32): same seed, same sequence, on every runtime. */
export type Random = () => number;

/** Returns a generator of floats in [0, 1) determined by the 32-bit `seed`. */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
