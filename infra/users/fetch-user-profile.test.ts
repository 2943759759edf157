import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { fetchUserProfile, MAX_BODY_BYTES, type ProfileAnswer } from "./fetch-user-profile.ts";

const CHUNK = new Uint8Array(16 * 1024).fill(0x20);

/** Bytes the endless answer has produced so far, and whether its stream was cancelled. */
const endless = { produced: 0, cancelled: false };

/** The stub user API's answer by user id. */
const ANSWERS: Record<number, () => Response> = {
  1: () => Response.json({ user_id: 1, age: 28, occupation: "writer", gender: "F" }),
  // An endless 200: spaces for ever, no Content-Length.
  2: () =>
    new Response(
      new ReadableStream<Uint8Array>({
        pull(controller) {
          endless.produced += CHUNK.byteLength;
          controller.enqueue(CHUNK);
        },
        cancel() {
          endless.cancelled = true;
        },
      }, { highWaterMark: 0 }),
      { headers: { "content-type": "application/json" } },
    ),
  3: () => new Response(padded({ user_id: 3, age: 33, occupation: "artist", gender: "M" }, MAX_BODY_BYTES)),
  4: () => new Response(padded({ user_id: 4, age: 33, occupation: "artist", gender: "M" }, MAX_BODY_BYTES + 1)),
  5: () => new Response(JSON.stringify({ user_id: 5, age: 40, occupation: "wri\u0000ter", gender: "F" })),
  6: () => new Response('{"user_id":6,"age":40,"occupation":"writer","gender":"\\u0000"}'),
  7: () => Response.json({ user_id: 7, age: -3, occupation: "writer", gender: "F" }),
  8: () => new Response('{"user_id":8,"age":1e400,"occupation":"writer","gender":"F"}'),
  9: () => Response.json({ user_id: 9, age: 2 ** 53, occupation: "writer", gender: "F" }),
  10: () => Response.json({ user_id: "10", age: 30, occupation: ["writer"], gender: 1 }),
  11: () => Response.json({ user_id: 4_294_967_307, age: 30, occupation: "writer", gender: "F" }),
  12: () => Response.json({ user_id: 21, age: 30, occupation: "writer", gender: "F" }),
  13: () => new Response("x".repeat(MAX_BODY_BYTES * 4), { status: 404 }),
  14: () => new Response("busy", { status: 503 }),
  15: () => new Response("<html>oops</html>"),
  16: () => Response.json({ user_id: 16, age: 30, occupation: "o".repeat(101), gender: "F" }),
};

/** `profile` as JSON padded with spaces to exactly `bytes` bytes. */
function padded(profile: object, bytes: number): string {
  const json = JSON.stringify(profile);
  return json + " ".repeat(bytes - json.length);
}

let api: ReturnType<typeof Bun.serve>;
beforeAll(() => {
  api = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch(request) {
      const id = Number(new URL(request.url).pathname.split("/")[2]);
      return ANSWERS[id]?.() ?? Response.json({ message: "user not found" }, { status: 404 });
    },
  });
});
afterAll(() => api?.stop(true));

const ask = (userId: number) =>
  fetchUserProfile(`http://127.0.0.1:${api.port}`, userId, { fetch, timeoutMs: 3000 });

const malformed = (userId: number, reason: string): ProfileAnswer => ({ kind: "malformed", userId, reason });
const NO_CONTROL = "must not contain control characters (U+0000 included) or lone surrogates";

describe("fetchUserProfile()", () => {
  test("fetchUserProfile() reads a profile", async () => {
    expect(await ask(1)).toEqual({
      kind: "profile",
      userId: 1,
      profile: { user_id: 1, age: 28, occupation: "writer", gender: "F" },
    });
  });

  test("fetchUserProfile() stops reading an endless answer at the cap and records it as body_too_large", async () => {
    const started = performance.now();
    expect(await ask(2)).toEqual(malformed(2, `body_too_large: the answer is over ${MAX_BODY_BYTES} bytes`));
    // Well before the 3 s timeout: the answer was given up, not waited out.
    expect(performance.now() - started).toBeLessThan(1500);
    // The connection is closed, so the server stops producing. What it did produce is what
    // the kernel's and the runtime's socket buffers took (a few MiB), not a body read whole.
    await Bun.sleep(100);
    const afterwards = endless.produced;
    await Bun.sleep(200);
    expect(endless.produced).toBe(afterwards);
    expect(endless.produced).toBeLessThan(64 * 1024 * 1024);
    expect(endless.cancelled).toBe(true);
  });

  test("fetchUserProfile() reads an answer of exactly the cap, and refuses one a byte longer", async () => {
    expect(await ask(3)).toMatchObject({ kind: "profile", profile: { user_id: 3, age: 33 } });
    expect(await ask(4)).toEqual(malformed(4, `body_too_large: the answer is over ${MAX_BODY_BYTES} bytes`));
  });

  test("fetchUserProfile() records a NUL in a string as a malformed answer, without the NUL", async () => {
    expect(await ask(5)).toEqual(malformed(5, `malformed answer: occupation: ${NO_CONTROL}`));
    expect(await ask(6)).toEqual(malformed(6, `malformed answer: gender: ${NO_CONTROL}`));
  });

  test("fetchUserProfile() records negative, infinite and huge ages as malformed answers", async () => {
    expect(await ask(7)).toEqual(malformed(7, "malformed answer: age: Too small: expected number to be >=0"));
    expect(await ask(8)).toEqual(malformed(8, "malformed answer: age: Invalid input: expected number, received Infinity"));
    expect(await ask(9)).toEqual(
      malformed(9, "malformed answer: age: Too big: expected int to be <=9007199254740991; age: Too big: expected number to be <=130"),
    );
  });

  test("fetchUserProfile() records wrong types field by field", async () => {
    expect(await ask(10)).toEqual(malformed(
      10,
      "malformed answer: user_id: Invalid input: expected number, received string; " +
        "occupation: Invalid input: expected string, received array; " +
        "gender: Invalid input: expected string, received number",
    ));
  });

  test("fetchUserProfile() records a user_id past int4, or another user's, as malformed", async () => {
    expect(await ask(11)).toEqual(malformed(11, "malformed answer: user_id: Too big: expected number to be <=2147483647"));
    expect(await ask(12)).toEqual(malformed(12, "malformed answer: user_id 21 is not the user asked for"));
  });

  test("fetchUserProfile() records a label over the length cap as malformed", async () => {
    expect(await ask(16)).toEqual(
      malformed(16, "malformed answer: occupation: Too big: expected string to have <=100 characters"),
    );
  });

  test("fetchUserProfile() reads a 404 as an unknown user whatever its body's size", async () => {
    expect(await ask(13)).toEqual({ kind: "unknown", userId: 13, reason: "the user API does not know this user (404)" });
  });

  test("fetchUserProfile() reads other statuses and a 200 that is not JSON as failures, asked again later", async () => {
    expect(await ask(14)).toEqual({ kind: "failed", userId: 14, reason: "GET /user/14: HTTP 503" });
    expect(await ask(15)).toEqual({ kind: "failed", userId: 15, reason: 'answer is not JSON: "<html>oops</html>"' });
  });
});
