/** fast-check generators of valid movielog events, shared by property tests and benchmarks. */
import fc from "fast-check";
import { MAX_ANSWER_ITEMS } from "../../recommendation/max-answer-items.ts";
import { MAX_USER_ID, type MovielogEvent } from "../events.ts";

const slugChars = "abcdefghijklmnopqrstuvwxyz0123456789+_.-*'".split("");
/** A movie slug with at least one letter or digit. */
export const movieIdArbitrary = fc
  .tuple(fc.array(fc.constantFrom(...slugChars), { maxLength: 30 }), fc.constantFrom(..."abcxyz0189".split("")))
  .chain(([chars, anchor]) => fc.nat(chars.length).map((at) => [...chars.slice(0, at), anchor, ...chars.slice(at)].join("")));

const time = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) });
const userId = fc.integer({ min: 0, max: MAX_USER_ID });

export const movielogEventArbitrary: fc.Arbitrary<MovielogEvent> = fc.oneof(
  fc.record({ kind: fc.constant("watch" as const), time, userId, movieId: movieIdArbitrary, minute: fc.integer({ min: 0, max: 100_000 }) }),
  fc.record({ kind: fc.constant("rate" as const), time, userId, movieId: movieIdArbitrary, rating: fc.integer({ min: 1, max: 5 }) }),
  fc.record({
    kind: fc.constant("recommendation" as const),
    time,
    userId,
    server: fc.constantFrom("svc:8082", "17645-team05.isri.cmu.edu:8082", "10.0.0.7:8080"),
    status: fc.constant(200),
    items: fc.uniqueArray(movieIdArbitrary, { maxLength: MAX_ANSWER_ITEMS }),
    error: fc.constant(null),
    latencyMs: fc.integer({ min: 0, max: 5000 }),
  }),
  fc.record({
    kind: fc.constant("recommendation" as const),
    time,
    userId,
    server: fc.constantFrom("svc:8082"),
    status: fc.constantFrom(0, 404, 500, 503),
    items: fc.constant([] as string[]),
    // Error text never holds control characters: the parser rejects those lines.
    error: fc
      .string({ minLength: 1, maxLength: 80 })
      .map((s) => [...s].map((c) => (c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 ? " " : c)).join("").trim())
      .filter((s) => s.length > 0),
    latencyMs: fc.integer({ min: 0, max: 5000 }),
  }),
);
