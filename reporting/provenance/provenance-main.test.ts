import { expect, test } from "bun:test";
import { parseProvenanceCli } from "./provenance-main.ts";

test("parseProvenanceCli() takes a request id, or a user and a time", () => {
  expect(parseProvenanceCli(["req-1", "--json"])).toEqual({ json: true, lookup: { requestId: "req-1" } });
  expect(parseProvenanceCli(["--user", "7", "--at", "1717200000000"])).toEqual({ json: false, lookup: { userId: 7, at: 1717200000000 } });
});

test("parseProvenanceCli() refuses a missing id, a bad user or time, naming the value", () => {
  expect(parseProvenanceCli([])).toBe("give one request id, or --user and --at: current arguments are []");
  expect(parseProvenanceCli(["--user", "x", "--at", "0"])).toBe('--user must be a user id: current value is "x"');
  expect(parseProvenanceCli(["--user", "7"])).toBe("--at must be an ISO time, epoch ms or a duration like -24h: current value is null");
  expect(parseProvenanceCli(["r", "--user", "7", "--at", "0"])).toStartWith("give a request id or --user and --at, not both");
});
