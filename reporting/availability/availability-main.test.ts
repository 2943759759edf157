import { expect, test } from "bun:test";
import { readArgs } from "../../infra/cli/command.ts";
import { availabilityWindow, command } from "./availability-main.ts";

const NOW = Date.UTC(2024, 5, 2, 12);

/** The window from a command line, or the first line of its usage error. */
function parse(argv: string[]): { from: number; to: number } | string {
  const read = readArgs(command, argv, NOW);
  return read.kind === "args" ? availabilityWindow(read.args, NOW) : read.text.split("\n")[0];
}

test("availabilityWindow() defaults to the 24 hours before now", () => {
  expect(parse([])).toEqual({ from: NOW - 86_400_000, to: NOW });
});

test("availabilityWindow() reads ISO times and epoch ms, and a lone --from spans a day", () => {
  expect(parse(["--from", "2024-06-01T00:00:00Z", "--to", String(NOW), "--json"])).toEqual({ from: Date.UTC(2024, 5, 1), to: NOW });
  expect(readArgs(command, ["--json"], NOW)).toMatchObject({ kind: "args", args: { json: true } });
  expect(parse(["--from", "0"])).toEqual({ from: 0, to: 86_400_000 });
});

test("availabilityWindow() refuses a bad time or an empty window, naming the value", () => {
  expect(parse(["--to", "soon"])).toBe('--to must be an ISO time, epoch ms or a duration like -24h: current value is "soon"');
  expect(parse(["--from", "10", "--to", "10"])).toStartWith("--to must be after --from");
});
