import { expect, test } from "bun:test";
import { parseOnlineCli } from "./online-main.ts";

const DAY = 86_400_000;

test("parseOnlineCli() without a window reports yesterday (UTC), as a nightly run wants", () => {
  expect(parseOnlineCli(["--json"], Date.UTC(2024, 5, 2, 1, 30))).toEqual({ json: true, day: "2024-06-01", from: Date.UTC(2024, 5, 1), to: Date.UTC(2024, 5, 2) });
});

test("parseOnlineCli() reads a day as 00:00 to 24:00 UTC", () => {
  expect(parseOnlineCli(["--day", "2024-06-01", "--json"])).toEqual({ json: true, day: "2024-06-01", from: Date.UTC(2024, 5, 1), to: Date.UTC(2024, 5, 2) });
});

test("parseOnlineCli() reads --from/--to as ISO times or epoch ms, and a lone --from spans a day", () => {
  expect(parseOnlineCli(["--from", "2024-06-01T06:00:00Z", "--to", "1717228800000"])).toEqual({ json: false, day: null, from: Date.UTC(2024, 5, 1, 6), to: 1717228800000 });
  expect(parseOnlineCli(["--from", "0"])).toEqual({ json: false, day: null, from: 0, to: DAY });
});

test("parseOnlineCli() refuses a bad day, a missing window, both forms at once and an empty window", () => {
  expect(parseOnlineCli(["--day", "2024-02-30"])).toBe('--day must be a date YYYY-MM-DD: current value is "2024-02-30"');
  expect(parseOnlineCli(["--to", "10"])).toBe("--to needs --from");
  expect(parseOnlineCli(["--day", "2024-06-01", "--from", "0"])).toBe("give --day or --from/--to, not both");
  expect(parseOnlineCli(["--from", "10", "--to", "10"])).toStartWith("--to must be after --from");
  expect(parseOnlineCli(["--from", "soon"])).toBe('--from must be an ISO time, epoch ms or a duration like -24h: current value is "soon"');
});
