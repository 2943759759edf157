/**
 * Property checks of the parser's bounds, written once and run by both runtimes'
 * test files (parse-line-bounds.test.ts, parse-line-bounds.deno.test.ts): values at
 * a bound are accepted, values beyond it are refused with their own reason, and an
 * accepted event always fits the columns that store it. Each check throws on failure.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { MAX_ANSWER_ITEMS } from "../../recommendation/max-answer-items.ts";
import { MAX_LATENCY_MS, MAX_SERVER_LENGTH, MAX_USER_ID } from "../events.ts";
import { MAX_LINE_LENGTH, parseLine } from "../parse-line.ts";
import { movieIdArbitrary } from "./arbitraries.ts";

const T = "2023-02-08T02:29:00";
const recommendation = (items: readonly string[], latency: string, server = "svc:8082") =>
  `${T},1,recommendation request ${server}, status 200, result: ${items.join(", ")}, ${latency} ms`;

/** Postgres' float4 holds values up to about 3.4e38; int4 up to 2^31 − 1. */
const FLOAT4_MAX = 3.4028234663852886e38;
const INT4_MAX = 2_147_483_647;

function reasonOf(line: string): string {
  const result = parseLine(line);
  return result.ok ? "ok" : result.rejection.reason;
}

/** Latencies up to MAX_LATENCY_MS are read; any longer digit string is refused as latency_out_of_range. */
export function checkLatencyBound(runs = 500): void {
  fc.assert(fc.property(fc.integer({ min: 0, max: MAX_LATENCY_MS }), (ms) => {
    assert.equal(reasonOf(recommendation(["a+1"], String(ms))), "ok");
  }), { numRuns: runs });
  fc.assert(fc.property(fc.bigInt({ min: BigInt(MAX_LATENCY_MS) + 1n, max: 10n ** 60n }), (ms) => {
    assert.equal(reasonOf(recommendation(["a+1"], ms.toString())), "latency_out_of_range");
  }), { numRuns: runs });
  assert.equal(reasonOf(recommendation(["a+1"], "9".repeat(400))), "latency_out_of_range"); // Infinity as a Number
}

/** Up to MAX_ANSWER_ITEMS distinct ids are read; more, or a repeated id, are refused with their own reasons. */
export function checkItemBounds(runs = 300): void {
  const distinct = (min: number, max: number) => fc.uniqueArray(movieIdArbitrary, { minLength: min, maxLength: max });
  fc.assert(fc.property(distinct(1, MAX_ANSWER_ITEMS), (items) => {
    assert.equal(reasonOf(recommendation(items, "5")), "ok");
  }), { numRuns: runs });
  fc.assert(fc.property(distinct(MAX_ANSWER_ITEMS + 1, 60), (items) => {
    assert.equal(reasonOf(recommendation(items, "5")), "too_many_items");
  }), { numRuns: runs });
  fc.assert(fc.property(distinct(1, MAX_ANSWER_ITEMS - 1), fc.nat(), (items, at) => {
    const repeated = [...items, items[at % items.length]];
    assert.equal(reasonOf(recommendation(repeated, "5")), "duplicate_items");
  }), { numRuns: runs });
}

/** Server addresses, user ids, minutes and line lengths at and beyond their bounds. */
export function checkScalarBounds(): void {
  assert.equal(reasonOf(recommendation(["a+1"], "5", "h".repeat(MAX_SERVER_LENGTH))), "ok");
  assert.equal(reasonOf(recommendation(["a+1"], "5", "h".repeat(MAX_SERVER_LENGTH + 1))), "bad_server");
  assert.equal(reasonOf(`${T},${MAX_USER_ID},GET /rate/a+1=3`), "ok");
  assert.equal(reasonOf(`${T},${MAX_USER_ID + 1},GET /rate/a+1=3`), "bad_user_id");
  assert.equal(reasonOf(`${T},1,GET /data/m/a+1/100000.mpg`), "ok");
  assert.equal(reasonOf(`${T},1,GET /data/m/a+1/100001.mpg`), "bad_minute");
  assert.equal(reasonOf(`${T},1,GET /rate/a+1=99999999999999999999`), "rating_out_of_range");
  assert.equal(reasonOf(`${T},1,recommendation request svc:8082, status 2000, result: a+1, 5 ms`), "bad_status");
  const padTo = (length: number) => {
    const head = `${T},1,recommendation request svc:8082, status 0, result: `;
    const tail = ", 5 ms";
    return head + "e".repeat(length - head.length - tail.length) + tail;
  };
  assert.equal(reasonOf(padTo(MAX_LINE_LENGTH)), "ok");
  assert.equal(reasonOf(padTo(MAX_LINE_LENGTH + 1)), "line_too_long");
}

/** Whatever the parser accepts fits its columns: finite numbers in range, no NUL, bounded strings and lists. */
export function checkAcceptedEventsFitColumns(runs = 3000): void {
  const hostileNumber = fc.oneof(
    fc.bigInt({ min: 0n, max: 10n ** 45n }).map(String),
    fc.double({ min: 0, noNaN: true }).map((x) => x.toFixed(3)),
    fc.constantFrom("1e39", "Infinity", "NaN", "-1", "0x10", "1_000"),
  );
  const line = fc.oneof(
    hostileNumber.map((n) => recommendation(["a+1"], n)),
    hostileNumber.map((n) => `${T},${n},GET /rate/a+1=3`),
    hostileNumber.map((n) => `${T},1,GET /data/m/a+1/${n}.mpg`),
    hostileNumber.map((n) => `${T},1,GET /rate/a+1=${n}`),
    hostileNumber.map((n) => `${T},1,recommendation request svc:8082, status ${n}, result: a+1, 5 ms`),
  );
  fc.assert(fc.property(line, (text) => {
    const result = parseLine(text);
    if (!result.ok) return;
    const event = result.event;
    assert.ok(Number.isInteger(event.userId) && event.userId >= 0 && event.userId <= INT4_MAX);
    if (event.kind === "watch") assert.ok(Number.isInteger(event.minute) && event.minute <= INT4_MAX);
    if (event.kind === "rate") assert.ok(event.rating >= 1 && event.rating <= 5);
    if (event.kind === "recommendation") {
      assert.ok(Number.isFinite(event.latencyMs) && event.latencyMs <= FLOAT4_MAX && event.latencyMs <= MAX_LATENCY_MS);
      assert.ok(event.status >= 0 && event.status <= 32_767);
      assert.ok(event.items.length <= MAX_ANSWER_ITEMS && new Set(event.items).size === event.items.length);
    }
  }), { numRuns: runs });
}
