/**
 * Property checks of the telemetry event's bounds, written once and run by both
 * runtimes' test files (telemetry-bounds.test.ts, telemetry-bounds.deno.test.ts): a
 * value at a bound is read, a value beyond it is refused with its own reason, and an
 * event that is read always fits the columns that store it. Each check throws on failure.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { parseTelemetryEvent } from "../parse-telemetry-event.ts";
import {
  MAX_INT4,
  MAX_TELEMETRY_ASSIGNMENTS,
  MAX_TELEMETRY_ID_LENGTH,
  MAX_TELEMETRY_ITEM_LENGTH,
  MAX_TELEMETRY_ITEMS,
  MAX_TELEMETRY_LATENCY_MS,
  MAX_TELEMETRY_NAME_LENGTH,
  MAX_TELEMETRY_TIME_MS,
} from "../telemetry-bounds.ts";
import type { TelemetryEvent } from "../telemetry-event.ts";

/** Postgres' float4 holds values up to about 3.4e38. */
const FLOAT4_MAX = 3.4028234663852886e38;

/** A valid event, unsigned (signatures are not the parser's to judge). */
const BASE: TelemetryEvent = {
  formatVersion: 3,
  requestId: "0b6f8f7e-2c1a-4d1e-9a53-5e8b1f6f2d11",
  clientRequestId: "caller-1",
  time: Date.UTC(2026, 11, 6),
  userId: 42,
  status: 200,
  latencyMs: 12.5,
  pool: "stable",
  modelVersion: "als-1",
  rulesVersion: 3,
  assignments: [{ experiment: "ranker", variant: "v2" }],
  items: ["heat+1995", "akira+1988"],
  fallback: false,
  fallbackReason: null,
  signature: null,
  interleaving: null,
};

/** An interleaving that agrees with BASE's two items. */
const INTERLEAVING = { a: "stable", b: "canary", interleaved: true, teams: ["A", "B"] };

/** The reason parseTelemetryEvent gives the event with `field` set to `value`, or "ok". */
function reasonWith(field: string, value: unknown): string {
  const result = parseTelemetryEvent(JSON.stringify({ ...BASE, [field]: value }));
  return result.ok ? "ok" : result.reason;
}

/** The reason for raw JSON text with `field` written as `literal` (numbers JSON.stringify cannot write). */
function reasonWithLiteral(field: string, literal: string): string {
  const text = JSON.stringify({ ...BASE, [field]: 0 }).replace(`"${field}":0`, `"${field}":${literal}`);
  const result = parseTelemetryEvent(text);
  return result.ok ? "ok" : result.reason;
}

const NUMBERS = [
  { field: "userId", min: 0, max: MAX_INT4, integer: true },
  { field: "status", min: 100, max: 599, integer: true },
  { field: "latencyMs", min: 0, max: MAX_TELEMETRY_LATENCY_MS, integer: false },
  { field: "rulesVersion", min: 0, max: MAX_INT4, integer: true },
] as const;

/** Every number field reads its range and refuses what lies beyond, fractions of integers, 1e39 and 1e999. */
export function checkNumberBounds(runs = 200): void {
  for (const { field, min, max, integer } of NUMBERS) {
    assert.equal(reasonWith(field, min), "ok", `${field} = ${min}`);
    assert.equal(reasonWith(field, max), "ok", `${field} = ${max}`);
    fc.assert(fc.property(fc.double({ min, max, noNaN: true }), (x) => {
      const value = integer ? Math.round(x) : x;
      assert.equal(reasonWith(field, value), "ok", `${field} = ${value}`);
    }), { numRuns: runs });
    const beyond = fc.oneof(
      fc.double({ min: max, max: 1e300, noNaN: true, minExcluded: true }),
      // -0 is no number below 0 (and JSON writes it as 0).
      fc.double({ min: -1e300, max: min, noNaN: true, maxExcluded: true }).filter((x) => x < min),
    );
    fc.assert(fc.property(beyond, (value) => {
      assert.equal(reasonWith(field, value), "number_out_of_range", `${field} = ${value}`);
    }), { numRuns: runs });
    if (integer) assert.equal(reasonWith(field, min + 0.5), "number_out_of_range", `${field} = ${min + 0.5}`);
    assert.equal(reasonWithLiteral(field, "1e39"), "number_out_of_range", `${field} = 1e39`);
    assert.equal(reasonWithLiteral(field, "1e999"), "number_out_of_range", `${field} = 1e999 (Infinity)`);
  }
}

/** Times read from 1970 to the last instant a Date shows; before is past_time, after future_time. */
export function checkTimeBounds(runs = 200): void {
  assert.equal(reasonWith("time", 0), "ok");
  assert.equal(reasonWith("time", MAX_TELEMETRY_TIME_MS), "ok");
  fc.assert(fc.property(fc.integer({ min: -(2 ** 52), max: -1 }), (t) => assert.equal(reasonWith("time", t), "past_time")), {
    numRuns: runs,
  });
  fc.assert(fc.property(fc.double({ min: MAX_TELEMETRY_TIME_MS, max: 1e300, minExcluded: true, noNaN: true }), (t) => {
    assert.equal(reasonWith("time", Math.round(t)), "future_time");
  }), { numRuns: runs });
  assert.equal(reasonWith("time", 1.5), "number_out_of_range");
  assert.equal(reasonWithLiteral("time", "1e999"), "number_out_of_range");
}

const TEXTS = [
  { field: "requestId", max: MAX_TELEMETRY_ID_LENGTH },
  { field: "clientRequestId", max: MAX_TELEMETRY_ID_LENGTH },
  { field: "pool", max: MAX_TELEMETRY_NAME_LENGTH },
  { field: "modelVersion", max: MAX_TELEMETRY_NAME_LENGTH },
] as const;

/** A string with `inserted` at a position fast-check picks. */
const withCharacter = (inserted: fc.Arbitrary<string>) =>
  fc.tuple(fc.string({ minLength: 0, maxLength: 20, unit: "grapheme-ascii" }), inserted, fc.nat()).map(([text, c, at]) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + c + text.slice(i);
  });
const CONTROL = fc.oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f })).map((c) => String.fromCharCode(c));
const LONE_SURROGATE = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** Every string field reads its length, refuses one more, control characters (NUL first) and unpaired surrogates. */
export function checkTextBounds(runs = 200): void {
  const texts = [
    ...TEXTS.map(({ field, max }) => ({ max, at: (text: string) => reasonWith(field, text) })),
    { max: MAX_TELEMETRY_ITEM_LENGTH, at: (text: string) => reasonWith("items", [text]) },
    { max: MAX_TELEMETRY_NAME_LENGTH, at: (text: string) => reasonWith("assignments", [{ experiment: text, variant: "v" }]) },
    { max: MAX_TELEMETRY_NAME_LENGTH, at: (text: string) => reasonWith("assignments", [{ experiment: "e", variant: text }]) },
    { max: MAX_TELEMETRY_NAME_LENGTH, at: (text: string) => reasonWith("interleaving", { ...INTERLEAVING, a: text }) },
    { max: MAX_TELEMETRY_NAME_LENGTH, at: (text: string) => reasonWith("interleaving", { ...INTERLEAVING, b: text }) },
  ];
  for (const { max, at } of texts) {
    assert.equal(at("x".repeat(max)), "ok");
    assert.equal(at("x".repeat(max + 1)), "text_too_long");
    assert.equal(at("🎬".repeat(max / 2)), "ok"); // a surrogate pair is a character, not a refused one
    assert.equal(at("a\u0000b"), "control_character");
    fc.assert(fc.property(withCharacter(CONTROL), (text) => assert.equal(at(text), "control_character")), { numRuns: runs });
    fc.assert(fc.property(withCharacter(LONE_SURROGATE), (text) => assert.equal(at(text), "unpaired_surrogate")), { numRuns: runs });
  }
}

/** Items: up to 20 distinct ids, more is too_many_items, a repeat duplicate_items; assignments capped too. */
export function checkListBounds(runs = 200): void {
  const ids = (min: number, max: number) =>
    fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom(..."abc+19") }), { minLength: min, maxLength: max });
  fc.assert(fc.property(ids(0, MAX_TELEMETRY_ITEMS), (items) => assert.equal(reasonWith("items", items), "ok")), { numRuns: runs });
  fc.assert(fc.property(ids(MAX_TELEMETRY_ITEMS + 1, 200), (items) => assert.equal(reasonWith("items", items), "too_many_items")), {
    numRuns: runs,
  });
  fc.assert(fc.property(ids(1, MAX_TELEMETRY_ITEMS - 1), fc.nat(), (items, at) => {
    assert.equal(reasonWith("items", [...items, items[at % items.length]]), "duplicate_items");
  }), { numRuns: runs });
  const assignments = (n: number) => Array.from({ length: n }, (_, i) => ({ experiment: `e${i}`, variant: "v" }));
  assert.equal(reasonWith("assignments", assignments(MAX_TELEMETRY_ASSIGNMENTS)), "ok");
  assert.equal(reasonWith("assignments", assignments(MAX_TELEMETRY_ASSIGNMENTS + 1)), "too_many_assignments");
}

/**
 * Interleaving: a team ("A" or "B") per answered item, at most MAX_TELEMETRY_ITEMS of them;
 * teams that contradict the answer (another count, two teams in an answer not interleaved,
 * an interleaved fallback) are an invalid_event.
 */
export function checkInterleavingBounds(runs = 200): void {
  const items = (n: number) => Array.from({ length: n }, (_, i) => `movie+${i}`);
  const withTeams = (teams: unknown[], interleaved = true, extra: object = {}) => {
    const event = { ...BASE, items: items(teams.length), interleaving: { ...INTERLEAVING, interleaved, teams }, ...extra };
    const result = parseTelemetryEvent(JSON.stringify(event));
    return result.ok ? "ok" : result.reason;
  };
  const teams = (min: number, max: number) => fc.array(fc.constantFrom("A", "B", "both"), { minLength: min, maxLength: max });
  fc.assert(fc.property(teams(0, MAX_TELEMETRY_ITEMS), (t) => assert.equal(withTeams(t), "ok")), { numRuns: runs });
  fc.assert(fc.property(teams(MAX_TELEMETRY_ITEMS + 1, 200), (t) => assert.notEqual(withTeams(t), "ok")), { numRuns: runs });
  const tooMany = Array.from({ length: MAX_TELEMETRY_ITEMS + 1 }, () => "A");
  const teamsOnly = { ...BASE, interleaving: { ...INTERLEAVING, teams: tooMany } };
  const tooManyTeams = parseTelemetryEvent(JSON.stringify(teamsOnly));
  assert.ok(!tooManyTeams.ok);
  assert.equal(reasonWith("interleaving", { ...INTERLEAVING, teams: ["A", "C"] }), "invalid_event");
  assert.equal(reasonWith("interleaving", { ...INTERLEAVING, teams: ["A"] }), "invalid_event");
  assert.equal(reasonWith("interleaving", { ...INTERLEAVING, teams: [] }), "invalid_event");
  assert.equal(reasonWith("interleaving", { ...INTERLEAVING, interleaved: false }), "invalid_event");
  assert.equal(reasonWith("interleaving", { ...INTERLEAVING, interleaved: false, teams: ["B", "B"] }), "ok");
  // One pool's list alone has no item that both pools placed.
  assert.equal(reasonWith("interleaving", { ...INTERLEAVING, interleaved: false, teams: ["both", "both"] }), "invalid_event");
  assert.equal(reasonWith("interleaving", { ...INTERLEAVING, interleaved: false, teams: [] }), "ok");
  assert.equal(withTeams(["A", "B"], true, { fallback: true, fallbackReason: "no_worker_answer" }), "invalid_event");
  assert.equal(reasonWith("interleaving", { ...INTERLEAVING, c: 1 }), "invalid_event");
  assert.equal(reasonWith("interleaving", "stable+canary"), "invalid_event");
}

/** Whatever the parser reads fits telemetry_events: finite numbers in range, no NUL, bounded strings and lists. */
export function checkReadEventsFitColumns(runs = 2000): void {
  const hostileNumber = fc.oneof(
    fc.double(),
    fc.integer(),
    fc.constantFrom(1e39, -1, 2 ** 31, 2 ** 53, 8.64e15 + 1, 0.5),
  );
  const hostileText = fc.oneof(fc.string({ maxLength: 300, unit: "binary" }), fc.constant(null));
  const event = fc.record({
    requestId: fc.oneof(fc.constant(BASE.requestId), hostileText),
    clientRequestId: hostileText,
    time: fc.oneof(fc.constant(BASE.time), hostileNumber),
    userId: fc.oneof(hostileNumber, fc.constant(null)),
    status: fc.oneof(fc.constant(200), hostileNumber),
    latencyMs: hostileNumber,
    pool: hostileText,
    modelVersion: hostileText,
    rulesVersion: fc.oneof(hostileNumber, fc.constant(null)),
    items: fc.array(fc.string({ maxLength: 250, unit: "binary" }), { maxLength: 30 }),
    interleaving: fc.oneof(
      fc.constant(null),
      fc.record({
        // Short: the text bounds are checked above; here the shape and the teams matter.
        a: fc.string({ maxLength: 4, unit: "binary" }),
        b: fc.constantFrom("canary", "x".repeat(MAX_TELEMETRY_NAME_LENGTH + 1), "a\u0000"),
        interleaved: fc.boolean(),
        teams: fc.array(fc.constantFrom("A", "B"), { maxLength: 30 }),
      }),
    ),
  });
  fc.assert(fc.property(event, (fields) => {
    const result = parseTelemetryEvent(JSON.stringify({ ...BASE, ...fields }));
    if (!result.ok) return;
    const e = result.event;
    assert.ok(Number.isInteger(e.time) && e.time >= 0 && e.time <= MAX_TELEMETRY_TIME_MS);
    assert.ok(e.userId === null || (Number.isInteger(e.userId) && e.userId >= 0 && e.userId <= MAX_INT4));
    assert.ok(Number.isInteger(e.status) && e.status >= -32_768 && e.status <= 32_767);
    assert.ok(Number.isFinite(e.latencyMs) && Math.abs(e.latencyMs) <= FLOAT4_MAX);
    assert.ok(e.rulesVersion === null || (Number.isInteger(e.rulesVersion) && e.rulesVersion <= MAX_INT4));
    const pools = e.interleaving ? [e.interleaving.a, e.interleaving.b] : [];
    const texts = [e.requestId, e.clientRequestId, e.pool, e.modelVersion, ...e.items, ...pools].filter((t) => t !== null);
    for (const text of texts) assert.ok(!text.includes("\u0000") && text.length <= MAX_TELEMETRY_ITEM_LENGTH);
    assert.ok(e.items.length <= MAX_TELEMETRY_ITEMS && new Set(e.items).size === e.items.length);
    assert.ok(!e.interleaving || [0, e.items.length].includes(e.interleaving.teams.length));
  }), { numRuns: runs });
}
