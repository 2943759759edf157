import { expect, test } from "bun:test";
import { parseExperimentArgs } from "./parse-experiment-args.ts";

test("parseExperimentArgs() reads each command with its argument and --json", () => {
  expect(parseExperimentArgs(["create", "x.json", "--json"])).toEqual({
    ok: true,
    command: { name: "create", file: "x.json", json: true },
  });
  expect(parseExperimentArgs(["start", "ranker"])).toEqual({
    ok: true,
    command: { name: "start", key: "ranker", json: false },
  });
  expect(parseExperimentArgs(["list"])).toEqual({
    ok: true,
    command: { name: "list", json: false },
  });
});

test("parseExperimentArgs() defaults a report to Markdown on stdout", () => {
  expect(parseExperimentArgs(["report", "ranker"])).toEqual({
    ok: true,
    command: { name: "report", key: "ranker", format: "md", out: null },
  });
  expect(parseExperimentArgs(["report", "ranker", "--format", "html", "--out", "r.html"])).toEqual({
    ok: true,
    command: { name: "report", key: "ranker", format: "html", out: "r.html" },
  });
});

test("parseExperimentArgs() refuses an unknown format, a missing key, extra arguments and unknown commands", () => {
  expect(parseExperimentArgs(["report", "x", "--format", "pdf"])).toEqual({
    ok: false,
    reason: '--format "pdf": expected one of md, html, json',
  });
  expect(parseExperimentArgs(["show"])).toEqual({
    ok: false,
    reason: "show needs an experiment key",
  });
  expect(parseExperimentArgs(["stop", "a", "b"]).ok).toBe(false);
  expect(parseExperimentArgs(["list", "--format", "md"]).ok).toBe(false);
  expect(parseExperimentArgs(["launch"])).toEqual({
    ok: false,
    reason: 'unknown command "launch"',
  });
  expect(parseExperimentArgs(["list", "--verbose"]).ok).toBe(false);
});
