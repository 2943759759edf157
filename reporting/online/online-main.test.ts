import { expect, test } from "bun:test";
import { readArgs } from "../../infra/cli/command.ts";
import { command, onlineWindow } from "./online-main.ts";

const DAY = 86_400_000;

/** The day or window from a command line, or the first line of its usage error. */
function parse(argv: string[], now = Date.now()): ReturnType<typeof onlineWindow> {
  const read = readArgs(command, argv, now);
  return read.kind === "args" ? onlineWindow(read.args, now) : read.text.split("\n")[0];
}

test("onlineWindow() without a window reports yesterday (UTC), as a nightly run wants", () => {
  expect(parse(["--json"], Date.UTC(2024, 5, 2, 1, 30))).toEqual({ day: "2024-06-01", from: Date.UTC(2024, 5, 1), to: Date.UTC(2024, 5, 2) });
});

test("onlineWindow() reads a day as 00:00 to 24:00 UTC", () => {
  expect(parse(["--day", "2024-06-01", "--json"])).toEqual({ day: "2024-06-01", from: Date.UTC(2024, 5, 1), to: Date.UTC(2024, 5, 2) });
});

test("onlineWindow() reads --from/--to as ISO times or epoch ms, and a lone --from spans a day", () => {
  expect(parse(["--from", "2024-06-01T06:00:00Z", "--to", "1717228800000"])).toEqual({ day: null, from: Date.UTC(2024, 5, 1, 6), to: 1717228800000 });
  expect(parse(["--from", "0"])).toEqual({ day: null, from: 0, to: DAY });
});

test("onlineWindow() refuses a bad day, a missing window, both forms at once and an empty window", () => {
  expect(parse(["--day", "2024-02-30"])).toBe('--day must be a date YYYY-MM-DD: current value is "2024-02-30"');
  expect(parse(["--to", "10"])).toBe("--to needs --from");
  expect(parse(["--day", "2024-06-01", "--from", "0"])).toBe("give --day or --from/--to, not both");
  expect(parse(["--from", "10", "--to", "10"])).toStartWith("--to must be after --from");
  expect(parse(["--from", "soon"])).toBe('--from must be an ISO time, epoch ms or a duration like -24h: current value is "soon"');
});
