import { expect, test } from "bun:test";
import { readArgs } from "../../infra/cli/command.ts";
import { createCommand, listCommand, reportCommand, showCommand, stopCommand } from "./experiment-commands.ts";

test("experiment commands read their argument and --json", () => {
  expect(readArgs(createCommand, ["x.json", "--json"])).toEqual({ kind: "args", args: { json: true, positionals: "x.json" } });
  expect(readArgs(showCommand, ["ranker"])).toEqual({ kind: "args", args: { json: false, positionals: "ranker" } });
  expect(readArgs(listCommand, [])).toEqual({ kind: "args", args: { json: false, positionals: [] } });
});

test("experiment report defaults to Markdown on stdout", () => {
  expect(readArgs(reportCommand, ["ranker"])).toEqual({ kind: "args", args: { json: false, format: "md", positionals: "ranker" } });
  expect(readArgs(reportCommand, ["ranker", "--format", "html", "--out", "r.html"])).toEqual({
    kind: "args",
    args: { json: false, format: "html", out: "r.html", positionals: "ranker" },
  });
});

test("experiment commands refuse an unknown format, a missing key, an extra argument and flags of another command", () => {
  expect(readArgs(reportCommand, ["x", "--format", "pdf"])).toEqual({
    kind: "usage",
    text: '--format must be md, html or json: current value is "pdf"\nusage: bun run experiment report <key> [--format md|html|json] [--out <file>]',
  });
  expect(readArgs(showCommand, [])).toEqual({ kind: "usage", text: "show needs an experiment key\nusage: bun run experiment show <key> [--json]" });
  expect(readArgs(stopCommand, ["a", "b"])).toEqual({ kind: "usage", text: 'unexpected argument "b"\nusage: bun run experiment stop <key> [--json]' });
  expect(readArgs(listCommand, ["--format", "md"]).kind).toBe("usage");
  expect(readArgs(reportCommand, ["x", "--json"]).kind).toBe("usage");
  expect(readArgs(listCommand, ["--verbose"]).kind).toBe("usage");
});
