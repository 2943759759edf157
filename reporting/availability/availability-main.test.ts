import { expect, test } from "bun:test";
import { parseAvailabilityCli } from "./availability-main.ts";

const NOW = Date.UTC(2024, 5, 2);

test("parseAvailabilityCli() defaults to the 24 hours before now", () => {
  expect(parseAvailabilityCli([], NOW)).toEqual({ json: false, from: NOW - 86_400_000, to: NOW });
});

test("parseAvailabilityCli() reads ISO times and epoch ms, and a lone --from spans a day", () => {
  expect(parseAvailabilityCli(["--from", "2024-06-01T00:00:00Z", "--to", String(NOW), "--json"], NOW)).toEqual({ json: true, from: Date.UTC(2024, 5, 1), to: NOW });
  expect(parseAvailabilityCli(["--from", "0"], NOW)).toEqual({ json: false, from: 0, to: 86_400_000 });
});

test("parseAvailabilityCli() refuses a bad time or an empty window, naming the value", () => {
  expect(parseAvailabilityCli(["--to", "soon"], NOW)).toBe('--to must be an ISO time, epoch ms or a duration like -24h: current value is "soon"');
  expect(parseAvailabilityCli(["--from", "10", "--to", "10"], NOW)).toStartWith("--to must be after --from");
});
