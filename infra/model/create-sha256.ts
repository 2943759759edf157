/**
 * An incremental SHA-256 that uses Bun's native hasher when running under Bun
 * (about 1.5 GB/s here, six times node:crypto's speed in Bun 1.4) and node:crypto
 * elsewhere (Deno, Node), so artifact code stays runtime-neutral.
 */
import { createHash } from "node:crypto";

/** Feed bytes, then read the hex digest once. */
export type Sha256 = { update(bytes: Uint8Array): void; digestHex(): string };

/** A fresh SHA-256 computation. */
export function createSha256(): Sha256 {
  if (typeof Bun !== "undefined") {
    const hasher = new Bun.CryptoHasher("sha256");
    return { update: (bytes) => void hasher.update(bytes), digestHex: () => hasher.digest("hex") };
  }
  const hash = createHash("sha256");
  return { update: (bytes) => void hash.update(bytes), digestHex: () => hash.digest("hex") };
}
