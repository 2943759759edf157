/**
 * 32-bit FNV-1a, as GrowthBook's SDKs compute it: each UTF-16 code unit
 * (not each UTF-8 byte) is XORed in whole, so "é" is one step and "😀" two.
 */

const OFFSET_BASIS = 0x811c9dc5;
const PRIME = 0x01000193;

/** The unsigned 32-bit FNV-1a hash of a string's UTF-16 code units. */
export function fnv1a32(text: string): number {
  let h = OFFSET_BASIS;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    // Math.imul keeps the product exact modulo 2^32; a plain `*` loses low bits past 2^53.
    h = Math.imul(h, PRIME);
  }
  return h >>> 0;
}
