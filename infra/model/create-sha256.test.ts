import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { createSha256 } from "./create-sha256.ts";

describe("createSha256", () => {
  test("createSha256() digests chunks like node:crypto digests the whole", () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 31) % 256);
    const hash = createSha256();
    hash.update(bytes.subarray(0, 333));
    hash.update(bytes.subarray(333));
    expect(hash.digestHex()).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(createSha256().digestHex()).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
});
