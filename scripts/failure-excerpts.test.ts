import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bunFailureExcerpts, tailExcerpt } from "./failure-excerpts.ts";

const bun = join(import.meta.dir, "..", "node_modules", ".bin", "bun");

/** bun:test's own output for a file with a pass, a failure with a message, a timeout and a skip. */
function realBunOutput(): string {
  const dir = mkdtempSync(join(tmpdir(), "failure-excerpts-"));
  try {
    writeFileSync(join(dir, "sample.test.ts"), [
      'import { expect, test } from "bun:test";',
      'test("adds", () => expect(1 + 1).toBe(2));',
      'test("reads the answer", () => { throw new Error("the answer was 41, not 42"); });',
      'test("waits", () => new Promise(() => {}), 50);',
      'test.skip("later", () => {});',
      'test("adds again", () => expect(2 + 2).toBe(4));',
    ].join("\n"));
    const run = spawnSync(bun, ["test", "./sample.test.ts"], { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    return `${run.stdout}${run.stderr}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("bunFailureExcerpts()", () => {
  test("bunFailureExcerpts() on bun:test's real output gives each failed test with its error, and nothing for passes, skips or the summary", () => {
    const excerpts = bunFailureExcerpts(realBunOutput());
    expect(excerpts).toHaveLength(2);
    expect(excerpts[0]).toStartWith("sample.test.ts:");
    expect(excerpts[0]).toContain("the answer was 41, not 42");
    expect(excerpts[0].split("\n").at(-1)).toStartWith("(fail) reads the answer");
    expect(excerpts[1]).toContain("(fail) waits");
    expect(excerpts[1]).toContain("timed out after 50ms");
    expect(excerpts.join("\n")).not.toContain("(pass)");
    expect(excerpts.join("\n")).not.toContain("the answer was 41, not 42\n(fail) waits");
  });

  test("bunFailureExcerpts() keeps the end of a long error, says how much is left out, and strips colour codes", () => {
    const error = Array.from({ length: 100 }, (_, i) => `\u001b[31mline ${i}\u001b[0m`);
    const excerpts = bunFailureExcerpts(["a/b.test.ts:", "(pass) first [1ms]", ...error, "(fail) second [2ms]", "", " 1 pass", " 1 fail"].join("\n"));
    expect(excerpts).toEqual([["a/b.test.ts:", "… (60 lines above)", ...Array.from({ length: 40 }, (_, i) => `line ${60 + i}`), "(fail) second [2ms]"].join("\n")]);
  });

  test("bunFailureExcerpts() reports an unhandled error between tests with its file", () => {
    const output = [
      "x.test.ts:",
      "(pass) one [1ms]",
      "",
      "# Unhandled error between tests",
      "-------------------------------",
      "TypeError: null is not an object (evaluating 'socket.write')",
      "-------------------------------",
      "",
      "(pass) two [1ms]",
    ].join("\n");
    expect(bunFailureExcerpts(output)).toEqual([
      ["x.test.ts: an unhandled error between tests", "-------------------------------", "TypeError: null is not an object (evaluating 'socket.write')", "-------------------------------"].join("\n"),
    ]);
  });

  test("bunFailureExcerpts() finds nothing in a passing run", () => {
    expect(bunFailureExcerpts("x.test.ts:\n(pass) one [1ms]\n\n 1 pass\n 0 fail\n")).toEqual([]);
  });
});

describe("tailExcerpt()", () => {
  test("tailExcerpt() keeps the last lines of a step's output, without colour codes", () => {
    const output = Array.from({ length: 50 }, (_, i) => `\u001b[1merror ${i}\u001b[0m`).join("\n") + "\n\n";
    expect(tailExcerpt(output, 3)).toBe("… (47 lines above)\nerror 47\nerror 48\nerror 49");
    expect(tailExcerpt("only\n")).toBe("only");
  });
});
