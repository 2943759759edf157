import { fnv1a32 } from "./fnv1a32.ts";

/**
 * A deterministic number in [0, 1) for `value` under `seed`, compatible with GrowthBook's
 * SDK `hash()`; null for an unknown version, so a caller skips rather than misassigns.
 * Version 1 stays for namespaces, which GrowthBook still hashes with it.
 */
export function hash(seed: string, value: string, version: number): number | null {
  if (version === 2) {
    // Hashing the decimal string of the first hash spreads similar inputs (v1's weakness).
    return (fnv1a32(String(fnv1a32(seed + value))) % 10000) / 10000;
  }
  if (version === 1) return (fnv1a32(value + seed) % 1000) / 1000;
  return null;
}
