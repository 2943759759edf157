import { expect, test } from "bun:test";
import { parseReportTime, parseTimeFlags } from "./report-time.ts";

test("parseReportTime() reads epoch milliseconds and ISO times, and refuses anything else", () => {
  expect(parseReportTime("1717200000000")).toBe(1717200000000);
  expect(parseReportTime("2024-06-01T00:00:00Z")).toBe(Date.UTC(2024, 5, 1));
  expect(parseReportTime("yesterday")).toBeNull();
});

test("parseTimeFlags() reads the flags given and names the first bad one", () => {
  expect(parseTimeFlags({ from: "1717200000000" })).toEqual({ from: 1717200000000 });
  expect(parseTimeFlags({ from: "2024-06-01T00:00:00Z", to: "soon" })).toBe('--to must be an ISO time or epoch ms: current value is "soon"');
});
