import { expect, test } from "bun:test";
import { parseReportTime } from "./report-time.ts";

test("parseReportTime() reads epoch milliseconds and ISO times, and refuses anything else", () => {
  expect(parseReportTime("1717200000000")).toBe(1717200000000);
  expect(parseReportTime("2024-06-01T00:00:00Z")).toBe(Date.UTC(2024, 5, 1));
  expect(parseReportTime("yesterday")).toBeNull();
});
