import { expect, test } from "bun:test";
import { z } from "zod";
import { type CommandSpec, oneArgument, readArgs, runCommand, usageError } from "./command.ts";
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

test("readArgs() words a bad flag the command's own way when it asks to, and gives json false without the flag", () => {
  const worded = { ...spec, json: false, flagIssue: (flag: string, message: string) => `Invalid flag ${flag}: ${message}` };
  expect(readArgs(worded, ["--limit", "0"], NOW)).toEqual({
    kind: "usage",
    text: "Invalid flag --limit: Too small: expected number to be >=1\nusage: bun run demo [--limit N] [--json]",
  });
  expect(readArgs(worded, ["--limit", "2"], NOW)).toEqual({ kind: "args", args: { limit: 2, json: false, positionals: [] } });
});

test("oneArgument() reads exactly one positional, naming a missing or an extra one", () => {
  const keyed = { ...spec, positionals: oneArgument("show needs a key") };
  expect(readArgs(keyed, ["k1"], NOW)).toEqual({ kind: "args", args: { json: false, positionals: "k1" } });
  expect(readArgs(keyed, [], NOW)).toEqual({ kind: "usage", text: "show needs a key\nusage: bun run demo [--limit N] [--json]" });
  expect(readArgs(keyed, ["k1", "k2"], NOW)).toEqual({ kind: "usage", text: 'unexpected argument "k2"\nusage: bun run demo [--limit N] [--json]' });
});

test("usageError() is a usage outcome (exit 2) whose message carries the command's usage", async () => {
  const error = usageError(spec, "--to must be after --from");
  expect([error.outcome, error.message]).toEqual(["usage", "--to must be after --from\nusage: bun run demo [--limit N] [--json]"]);
  expect(await runCommand(spec, () => { throw error; }, [])).toBe(2);
});
