import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { MovielogEvent } from "./events.ts";
import { formatLine } from "./format-line.ts";
import { parseLine } from "./parse-line.ts";
import { movielogEventArbitrary } from "./testing/arbitraries.ts";

const T = Date.UTC(2023, 1, 8, 2, 29, 0, 0);

describe("parseLine() accepts the stream's real quirks", () => {
  const cases: [string, unknown][] = [
    ["2023-02-08T02:29,801225,GET /data/m/akira+1988/114.mpg",
      { kind: "watch", time: T, userId: 801225, movieId: "akira+1988", minute: 114 }],
    ["2023-02-08T02:29:01,257576,GET /rate/the+lord+of+the+rings+the+two+towers+2002=5",
      { kind: "rate", time: T + 1000, userId: 257576, movieId: "the+lord+of+the+rings+the+two+towers+2002", rating: 5 }],
    ["2023-02-08T02:29:01.123,1,GET /rate/monsters_+inc.+2001=3",
      { kind: "rate", time: T + 1123, userId: 1, movieId: "monsters_+inc.+2001", rating: 3 }],
    ["2023-02-08T02:29:01.123456,1,GET /rate/m*a*s*h+1970=1",
      { kind: "rate", time: T + 1123, userId: 1, movieId: "m*a*s*h+1970", rating: 1 }],
    ["2023-02-08T02:29:01.123456789,1,GET /data/m/10th++wolf+2006/0.mpg",
      { kind: "watch", time: T + 1123, userId: 1, movieId: "10th++wolf+2006", minute: 0 }],
    ["2023-02-08T02:29:01.5,7,GET /data/m/human+failure+/12.mpg",
      { kind: "watch", time: T + 1500, userId: 7, movieId: "human+failure+", minute: 12 }],
    ["2023-02-08T02:29:00,7,GET /rate/+leading+plus+2001=2\r",
      { kind: "rate", time: T, userId: 7, movieId: "+leading+plus+2001", rating: 2 }],
    ["2023-02-08T02:29:00,7,GET /rate/schindler's+list+1993=5",
      { kind: "rate", time: T, userId: 7, movieId: "schindler's+list+1993", rating: 5 }],
    ["2023-02-08T02:29:00.000,42,recommendation request 17645-team05.isri.cmu.edu:8082, status 200, result: the+godfather+1972, akira+1988, m*a*s*h+1970, 153 ms",
      { kind: "recommendation", time: T, userId: 42, server: "17645-team05.isri.cmu.edu:8082", status: 200,
        items: ["the+godfather+1972", "akira+1988", "m*a*s*h+1970"], error: null, latencyMs: 153 }],
    ["2023-02-08T02:29:00,42,recommendation request svc:8082, status 200, result: a+1999,b+2000,c+2001, 7 ms",
      { kind: "recommendation", time: T, userId: 42, server: "svc:8082", status: 200,
        items: ["a+1999", "b+2000", "c+2001"], error: null, latencyMs: 7 }],
    ["2023-02-08T02:29:00,42,recommendation request 17645-team06.isri.cmu.edu:8082, status 0, result: java.util.concurrent.TimeoutException: Request timeout to 17645-team06.isri.cmu.edu/128.2.204.215:8082 after 800 ms, 800 ms",
      { kind: "recommendation", time: T, userId: 42, server: "17645-team06.isri.cmu.edu:8082", status: 0, items: [],
        error: "java.util.concurrent.TimeoutException: Request timeout to 17645-team06.isri.cmu.edu/128.2.204.215:8082 after 800 ms",
        latencyMs: 800 }],
    ["2023-02-08T02:29:00,42,recommendation request svc:8082, status 500, result: Internal error, bad, things, 12.5 ms",
      { kind: "recommendation", time: T, userId: 42, server: "svc:8082", status: 500, items: [],
        error: "Internal error, bad, things", latencyMs: 12.5 }],
  ];
  for (const [line, expected] of cases) {
    test(`parseLine() reads ${JSON.stringify(line.slice(0, 70))}`, () => {
      expect(parseLine(line)).toEqual({ ok: true, event: expected as MovielogEvent });
    });
  }
});

describe("parseLine() rejects malformed lines with the right reason", () => {
  const cases: [string, string][] = [
    ["", "empty_line"],
    ["   ", "empty_line"],
    ["2023-02-08 02:29,1,GET /rate/a+1=3", "bad_timestamp"],
    ["2023-13-08T02:29,1,GET /rate/a+1=3", "bad_timestamp"],
    ["2023-02-30T02:29,1,GET /rate/a+1=3", "bad_timestamp"],
    ["2023-02-08T24:00,1,GET /rate/a+1=3", "bad_timestamp"],
    ["2023-02-08T02:29:60,1,GET /rate/a+1=3", "bad_timestamp"],
    ["2023-02-08T02:29:01.,1,GET /rate/a+1=3", "bad_timestamp"],
    ["yesterday,1,GET /rate/a+1=3", "bad_timestamp"],
    ["2023-02-08T02:29,abc,GET /rate/a+1=3", "bad_user_id"],
    ["2023-02-08T02:29,-5,GET /rate/a+1=3", "bad_user_id"],
    ["2023-02-08T02:29,99999999999,GET /rate/a+1=3", "bad_user_id"],
    ["2023-02-08T02:29,,GET /rate/a+1=3", "bad_user_id"],
    ["2023-02-08T02:29,1,POST /login", "unknown_kind"],
    ["2023-02-08T02:29,1,GET /rate/=3", "bad_movie_id"],
    ["2023-02-08T02:29,1,GET /rate/The Matrix=3", "bad_movie_id"],
    ["2023-02-08T02:29,1,GET /data/m/+++/3.mpg", "bad_movie_id"],
    ["2023-02-08T02:29,1,GET /rate/a+1=0", "rating_out_of_range"],
    ["2023-02-08T02:29,1,GET /rate/a+1=6", "rating_out_of_range"],
    ["2023-02-08T02:29,1,GET /rate/a+1=-1", "rating_out_of_range"],
    ["2023-02-08T02:29,1,GET /rate/a+1=4.5", "bad_rating"],
    ["2023-02-08T02:29,1,GET /rate/a+1=five", "bad_rating"],
    ["2023-02-08T02:29,1,GET /data/m/a+1/x.mpg", "bad_minute"],
    ["2023-02-08T02:29,1,GET /data/m/a+1/12.avi", "bad_minute"],
    ["2023-02-08T02:29", "truncated"],
    ["2023-02-08T02:29,1", "truncated"],
    ["2023-02-08T02:29,1,GET /da", "truncated"],
    ["2023-02-08T02:29,1,GET /data/m/akira+19", "truncated"],
    ["2023-02-08T02:29,1,GET /data/m/akira+1988/11", "truncated"],
    ["2023-02-08T02:29,1,GET /data/m/akira+1988/114.mp", "truncated"],
    ["2023-02-08T02:29,1,GET /rate/akira+1988", "truncated"],
    ["2023-02-08T02:29,1,GET /rate/akira+1988=", "truncated"],
    ["2023-02-08T02:29,1,recommendation request svc:8082, sta", "truncated"],
    ["2023-02-08T02:29,1,recommendation request svc:8082, status 200, res", "truncated"],
    ["2023-02-08T02:29,1,recommendation request svc:8082, status 200, result: a+1, b+2", "truncated"],
    ["2023-02-08T02:29,1,recommendation request svc:8082, status 200, result: a+1, b+2, 12 m", "truncated"],
    ["2023-02-08T02:29,1,recommendation request svc:8082, status OK, result: a+1, 12 ms", "bad_status"],
    ["2023-02-08T02:29,1,recommendation request svc:8082, status 200, result: a+1, fast ms", "bad_latency"],
    ["2023-02-08T02:29,1,recommendation request svc:8082, status 200, result: a+1, , b+2, 12 ms", "bad_movie_id"],
    ["2023-02-08T02:29,1,recommendation request , status 200, result: a+1, 12 ms", "bad_server"],
    ["2023-02-08T02:29,1,GET /rate/" + "a".repeat(30_000) + "=3", "line_too_long"],
    ["2023-02-08T02:29,1,recommendation request svc:8082, status 500, result: oops\u0000, 3 ms", "control_character"],
    ["2023-02-08T02:29,1,GET /rate/a+1=3\tx", "control_character"],
    // Bounds: values that parse but that no column or contract holds.
    ["2026-12-06T10:42:22,4242,recommendation request 10.0.0.1:8082, status 200, result: a+1999, 1000000000000000000000000000000000000000 ms", "latency_out_of_range"],
    ["2023-02-08T02:29,1,recommendation request svc:8082, status 200, result: a+1, 3600000.5 ms", "latency_out_of_range"],
    ["2023-02-08T02:29,1,recommendation request svc:8082, status 200, result: a+1, b+2, a+1, 12 ms", "duplicate_items"],
    [`2023-02-08T02:29,1,recommendation request svc:8082, status 200, result: ${Array.from({ length: 21 }, (_, i) => `m+${i}`).join(", ")}, 12 ms`, "too_many_items"],
    [`2023-02-08T02:29,1,recommendation request ${"h".repeat(256)}:8082, status 200, result: a+1, 12 ms`, "bad_server"],
  ];
  for (const [line, reason] of cases) {
    test(`parseLine() rejects ${JSON.stringify(line.slice(0, 70))} as ${reason}`, () => {
      const result = parseLine(line);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.rejection.reason).toBe(reason as never);
        expect(result.rejection.detail.length).toBeGreaterThan(0);
      }
    });
  }
});

describe("parseLine() properties", () => {
  test("parseLine() reads back every event formatLine() writes", () => {
    fc.assert(
      fc.property(movielogEventArbitrary, (event) => {
        expect(parseLine(formatLine(event))).toEqual({ ok: true, event });
      }),
      { numRuns: 2000 },
    );
  });

  test("parseLine() never throws and its events satisfy the schema", () => {
    const lineish = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: "binary", maxLength: 200 }),
      movielogEventArbitrary.chain((e) =>
        fc.tuple(fc.nat(200), fc.string({ maxLength: 5 })).map(([cut, junk]) => {
          const line = formatLine(e);
          return line.slice(0, cut % (line.length + 1)) + junk;
        })
      ),
    );
    fc.assert(
      fc.property(lineish, (line) => {
        const result = parseLine(line);
        if (result.ok) MovielogEvent.parse(result.event);
      }),
      { numRuns: 5000 },
    );
  });
});

const dataDir = join(import.meta.dir, "../../../shared/data/movielog");
describe("parseLine() on the real movielog sample", () => {
  const files = ["watch-2023-02.log", "rate-2023-02.log"];
  for (const file of files) {
    const path = join(dataDir, file);
    test.skipIf(!existsSync(path))(`parseLine() accepts every line of ${file}`, () => {
      const lines = readFileSync(path, "utf8").split("\n").filter((l) => l.length > 0);
      const rejected = lines.map((l) => [l, parseLine(l)] as const).filter(([, r]) => !r.ok);
      expect(rejected).toEqual([]);
      expect(lines.length).toBeGreaterThan(9000);
    });
  }
  if (!existsSync(dataDir)) console.warn(`[skip] ${dataDir} is absent: real movielog lines not checked`);
});
