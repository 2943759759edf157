import { afterEach, beforeEach, expect, test } from "bun:test";
import { z } from "zod";
import { oneArgument } from "./command.ts";
import { type CommandGroup, formatGroupHelp, runGroup, subcommand } from "./command-group.ts";

// What runGroup() prints, line by line, per stream.
let printed: { out: string[]; err: string[] };
const real = { log: console.log, error: console.error };
beforeEach(() => {
  printed = { out: [], err: [] };
  console.log = (line: string) => void printed.out.push(line);
  console.error = (line: string) => void printed.err.push(line);
});
afterEach(() => Object.assign(console, real));

const ran: unknown[] = [];
const show = subcommand({
  name: "bun run demo show",
  summary: "One thing.",
  usage: ["<key> [--json]"],
  examples: ["bun run demo show k1"],
  flags: {},
  json: true,
  positionals: oneArgument("show needs a key"),
}, ({ positionals, json }) => {
  ran.push({ show: positionals, json });
  return "ok";
});
const list = subcommand({ name: "bun run demo list", summary: "Every thing.", usage: [""], examples: ["bun run demo list"], flags: {} }, () => {
  ran.push("list");
  return "refused";
});
const group: CommandGroup = {
  name: "bun run demo",
  summary: "Things.",
  subcommands: { show, list },
  examples: ["bun run demo show k1"],
};

test("runGroup() runs the subcommand the first argument names, with the rest as its arguments", async () => {
  ran.length = 0;
  expect(await runGroup(group, ["show", "k1", "--json"])).toBe(0);
  expect(await runGroup(group, ["list"])).toBe(2);
  expect(ran).toEqual([{ show: "k1", json: true }, "list"]);
});

test("runGroup() lists every subcommand for --help, and leaves a subcommand's --help to it", async () => {
  expect(await runGroup(group, ["--help"])).toBe(0);
  expect(printed.out).toEqual([formatGroupHelp(group)]);
  expect(formatGroupHelp(group)).toBe([
    "usage: bun run demo show <key> [--json]",
    "       bun run demo list",
    "",
    "Things.",
    "",
    "commands:",
    "  show    One thing.",
    "  list    Every thing.",
    "",
    "`bun run demo <command> --help` shows a command's own flags.",
    "",
    "example:",
    "  bun run demo show k1",
  ].join("\n"));
  expect(await runGroup(group, ["show", "--help"])).toBe(0);
  expect(printed.out[1]).toStartWith("usage: bun run demo show <key> [--json]\n\nOne thing.\n\nflags:\n  --json");
});

test("runGroup() refuses an unknown or missing subcommand with the group's usage, exit 2", async () => {
  expect(await runGroup(group, ["launch"])).toBe(2);
  expect(await runGroup(group, [])).toBe(2);
  const usage = "usage: bun run demo show <key> [--json]\n       bun run demo list";
  expect(printed.err).toEqual([`unknown command "launch"\n${usage}`, `no command given\n${usage}`]);
});

test("runGroup() runs the group's own command when the first argument names no subcommand", async () => {
  const seen: unknown[] = [];
  const own = subcommand({
    name: "bun run demo",
    summary: "Things, or one.",
    usage: ["--model <version>"],
    examples: ["bun run demo --model m1"],
    flags: { model: z.string().min(1).describe("the model") },
  }, ({ model }) => {
    seen.push(model);
    return "release_refused";
  });
  const withOwn: CommandGroup = { ...group, own };
  expect(await runGroup(withOwn, ["--model", "m1"])).toBe(3);
  expect(await runGroup(withOwn, ["show", "k2"])).toBe(0);
  expect(seen).toEqual(["m1"]);
  expect(formatGroupHelp(withOwn).split("\n").slice(0, 7)).toEqual([
    "usage: bun run demo --model <version>",
    "       bun run demo show <key> [--json]",
    "       bun run demo list",
    "",
    "Things.",
    "",
    "flags:",
  ]);
});
