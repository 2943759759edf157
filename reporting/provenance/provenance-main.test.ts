import { expect, test } from "bun:test";
import { readArgs } from "../../infra/cli/command.ts";
import { command, provenanceLookup } from "./provenance-main.ts";

/** The lookup from a command line, or the first line of its usage error. */
function parse(argv: string[]): ReturnType<typeof provenanceLookup> {
  const read = readArgs(command, argv);
  return read.kind === "args" ? provenanceLookup(read.args) : read.text.split("\n")[0];
}

test("provenanceLookup() takes a request id, or a user and a time", () => {
  expect(parse(["req-1", "--json"])).toEqual({ requestId: "req-1" });
  expect(parse(["--user", "7", "--at", "1717200000000"])).toEqual({ userId: 7, at: 1717200000000 });
});

test("provenanceLookup() refuses a missing id, a bad user or time, naming the value", () => {
  expect(parse([])).toBe("give one request id, or --user and --at: current arguments are []");
  expect(parse(["--user", "x", "--at", "0"])).toBe('--user must be a user id: current value is "x"');
  expect(parse(["--user", "7"])).toBe("--at must be an ISO time, epoch ms or a duration like -24h: current value is null");
  expect(parse(["--user", "7", "--at", "soon"])).toBe('--at must be an ISO time, epoch ms or a duration like -24h: current value is "soon"');
  expect(parse(["r", "--user", "7", "--at", "0"])).toStartWith("give a request id or --user and --at, not both");
});
