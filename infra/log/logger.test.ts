import { describe, expect, test } from "bun:test";
import { createLogger, errorMessage } from "./logger.ts";

describe("createLogger", () => {
  test("createLogger() writes one JSON object per line, with no terminal escape codes", () => {
    const lines: string[] = [];
    const log = createLogger("worker", (line) => lines.push(line));
    log.error("model refused", { reason: "artifact x: bad\nsha", nested: { escape: "\u001b[31mred\u001b[0m" } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("\n");
    expect(lines[0]).not.toContain("\u001b");
    const { time, ...rest } = JSON.parse(lines[0]);
    expect(Number.isNaN(Date.parse(time))).toBe(false);
    expect(rest).toEqual({ level: "error", component: "worker", message: "model refused", reason: "artifact x: bad\nsha", nested: { escape: "\u001b[31mred\u001b[0m" } });
  });

  test("errorMessage() gives an Error's message and anything else as text", () => {
    expect(errorMessage(new Error("down"))).toBe("down");
    expect(errorMessage(42)).toBe("42");
  });
});
