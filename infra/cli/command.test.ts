import { expect, test } from "bun:test";
import { z } from "zod";
import { type CommandSpec, readArgs, runCommand } from "./command.ts";
import { CommandError } from "./exit-codes.ts";

const NOW = Date.UTC(2024, 5, 2);
const spec = {
  name: "bun run demo",
  summary: "A demo command.",
  usage: ["[--limit N] [--json]"],
  examples: ["bun run demo --limit 3"],
  flags: { limit: z.coerce.number().int().min(1).optional().describe("at most N") },
  json: true,
  time: ["from", "to"],
} satisfies CommandSpec<z.ZodRawShape, z.ZodType<unknown, string[]>>;

test("readArgs() gives help with usage, flags and an example for --help", () => {
  const read = readArgs(spec, ["--limit", "x", "--help"], NOW);
  expect(read.kind).toBe("help");
  const text = read.kind === "help" ? read.text : "";
  expect(text.split("\n")[0]).toBe("usage: bun run demo [--limit N] [--json]");
  expect(text).toContain("  --limit    at most N");
  expect(text).toContain("example:\n  bun run demo --limit 3");
});

test("readArgs() reads flags, --json and time flags given as durations", () => {
  const read = readArgs(spec, ["--limit", "3", "--json", "--from", "-24h", "--to=2024-06-02T00:00:00Z"], NOW);
  expect(read).toEqual({ kind: "args", args: { limit: 3, json: true, from: Date.UTC(2024, 5, 1), to: NOW, positionals: [] } });
});

test("readArgs() names the bad flag and its value, with the usage", () => {
  expect(readArgs(spec, ["--from", "yesterday"], NOW)).toEqual({
    kind: "usage",
    text: '--from must be an ISO time, epoch ms or a duration like -24h: current value is "yesterday"\nusage: bun run demo [--limit N] [--json]',
  });
  expect(readArgs(spec, ["--nope"], NOW).kind).toBe("usage");
  expect(readArgs(spec, ["extra"], NOW)).toEqual({ kind: "usage", text: "this command takes no arguments\nusage: bun run demo [--limit N] [--json]" });
});

test("runCommand() maps outcomes and CommandErrors to exit codes", async () => {
  expect(await runCommand(spec, () => "ok", [])).toBe(0);
  expect(await runCommand(spec, () => "gate_failed", [])).toBe(2);
  expect(await runCommand(spec, () => "release_refused", [])).toBe(3);
  expect(await runCommand(spec, () => { throw new CommandError("missing", "no model"); }, [])).toBe(1);
  expect(await runCommand(spec, () => { throw new Error("boom"); }, [], () => {})).toBe(1);
  expect(await runCommand(spec, () => "running", [])).toBeNull();
  expect(await runCommand(spec, () => "ok", ["--bad"])).toBe(2);
  expect(await runCommand(spec, () => "ok", ["--help"])).toBe(0);
});
