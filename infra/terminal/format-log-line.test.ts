import { expect, test } from "bun:test";
import { formatLogLineForTerminal } from "./format-log-line.ts";

test("formatLogLineForTerminal() keeps the message and fields of a logger line, without time and component", () => {
  const line = JSON.stringify({ time: "2026-01-01T00:00:00.000Z", level: "info", component: "ingest", message: "consuming", topic: "movielog", partitions: [0, 1] });
  expect(formatLogLineForTerminal(line)).toBe("consuming  topic=movielog partitions=[0,1]");
});

test("formatLogLineForTerminal() names the level of warnings and errors, and quotes values with spaces", () => {
  const line = JSON.stringify({ time: "t", level: "warn", component: "ingest", message: "the database is unreachable; waiting for it", error: "connection refused" });
  expect(formatLogLineForTerminal(line)).toBe('warn: the database is unreachable; waiting for it  error="connection refused"');
});

test("formatLogLineForTerminal() shows fractions with four significant digits", () => {
  const line = JSON.stringify({ time: "t", level: "info", component: "train", message: "fold", fold: 1, rmse: 0.914281471170918, seconds: 3.884721985 });
  expect(formatLogLineForTerminal(line)).toBe("fold  fold=1 rmse=0.9143 seconds=3.885");
});

test("formatLogLineForTerminal() leaves other lines as they are", () => {
  expect(formatLogLineForTerminal("listening on 127.0.0.1:5432")).toBe("listening on 127.0.0.1:5432");
  expect(formatLogLineForTerminal('{"not":"a log line"}')).toBe('{"not":"a log line"}');
  expect(formatLogLineForTerminal("{broken")).toBe("{broken");
});
