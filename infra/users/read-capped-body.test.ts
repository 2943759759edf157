import { describe, expect, test } from "bun:test";
import { readCappedBody } from "./read-capped-body.ts";

const CHUNK = 1024;

/** A body of `chunks` chunks of CHUNK bytes ("a"), produced one per pull; counts what was pulled and whether it was cancelled. */
function countingBody(chunks: number) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= chunks * CHUNK) return controller.close();
      state.pulled += CHUNK;
      controller.enqueue(new Uint8Array(CHUNK).fill(0x61));
    },
    cancel() {
      state.cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { state, response: new Response(stream) };
}

describe("readCappedBody()", () => {
  test("readCappedBody() reads a body of exactly the cap", async () => {
    const { response } = countingBody(4);
    expect(await readCappedBody(response, 4 * CHUNK)).toEqual({ kind: "text", text: "a".repeat(4 * CHUNK) });
  });

  test("readCappedBody() stops at the first chunk past the cap of a huge body and cancels it", async () => {
    // Finite, so that a reader without a cap fails this test instead of hanging it.
    const { state, response } = countingBody(10_000);
    expect(await readCappedBody(response, 4 * CHUNK)).toEqual({ kind: "too_large" });
    expect(state.pulled).toBe(5 * CHUNK);
    expect(state.cancelled).toBe(true);
  });

  test("readCappedBody() refuses a body one byte over the cap", async () => {
    expect(await readCappedBody(new Response("x".repeat(101)), 100)).toEqual({ kind: "too_large" });
    expect(await readCappedBody(new Response("x".repeat(100)), 100)).toEqual({ kind: "text", text: "x".repeat(100) });
  });

  test("readCappedBody() refuses a declared Content-Length over the cap without reading", async () => {
    const { state, response } = countingBody(1);
    const declared = new Response(response.body, { headers: { "content-length": "1000000" } });
    expect(await readCappedBody(declared, 4 * CHUNK)).toEqual({ kind: "too_large" });
    expect(state.pulled).toBe(0);
    expect(state.cancelled).toBe(true);
  });

  test("readCappedBody() decodes UTF-8 split across chunks, as response.text() does", async () => {
    const bytes = new TextEncoder().encode('{"o":"é😀"}');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(Uint8Array.of(byte));
        controller.close();
      },
    });
    expect(await readCappedBody(new Response(stream), 100)).toEqual({ kind: "text", text: '{"o":"é😀"}' });
  });

  test("readCappedBody() reads an empty body as empty text", async () => {
    expect(await readCappedBody(new Response(null), 100)).toEqual({ kind: "text", text: "" });
  });
});
