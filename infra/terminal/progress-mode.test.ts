import { expect, test } from "bun:test";
import { progressMode } from "./progress-mode.ts";

test("progressMode() draws a bar on a terminal without --json", () => {
  expect(progressMode({ isTTY: true, json: false, term: "xterm-256color" })).toBe("bar");
});

test("progressMode() logs JSON lines when stderr is not a terminal", () => {
  expect(progressMode({ isTTY: false, json: false, term: "xterm-256color" })).toBe("log");
});

test("progressMode() logs JSON lines with --json even on a terminal", () => {
  expect(progressMode({ isTTY: true, json: true, term: "xterm-256color" })).toBe("log");
});

test("progressMode() logs JSON lines on a dumb terminal, which cannot redraw a line", () => {
  expect(progressMode({ isTTY: true, json: false, term: "dumb" })).toBe("log");
});
