import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { denoBinary } from "../process/deno-binary.ts";
import { describeUncaught } from "./log-uncaught.ts";

const FIXTURE = join(import.meta.dir, "testing/fail-uncaught.ts");
const RUNTIMES = {
  bun: () => [process.execPath, FIXTURE],
  deno: () => [denoBinary(), "run", "--allow-all", FIXTURE],
} as const;
const ESCAPE = "\u001b";

/** Runs the fixture in `mode` without a terminal, as a supervisor runs a process. */
async function runFixture(runtime: keyof typeof RUNTIMES, mode: string) {
  const child = Bun.spawn([...RUNTIMES[runtime](), mode], { stdout: "pipe", stderr: "pipe", env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined } });
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { stdout, stderr, code };
}

describe("logUncaughtErrors", () => {
  const cases = [
    ["throw", { error: "boom from a timer", name: "TypeError" }],
    ["reject", { error: "boom from a promise", name: "RangeError" }],
    ["throw-string", { error: "a bare string", name: "string" }],
  ] as const;
  for (const runtime of ["bun", "deno"] as const) {
    for (const [mode, fields] of cases) {
      test(`logUncaughtErrors() under ${runtime} turns '${mode}' into one JSON line and exit 1`, async () => {
        const { stdout, stderr, code } = await runFixture(runtime, mode);
        expect(code).toBe(1);
        expect(stdout).toBe("");
        expect(stderr).not.toContain(ESCAPE);
        const lines = stderr.split("\n").filter((line) => line.length > 0);
        expect(lines).toHaveLength(1);
        const { time, ...rest } = JSON.parse(lines[0]);
        expect(typeof time).toBe("string");
        expect(rest).toEqual({ level: "error", component: "fixture", message: "uncaught error", ...fields });
      }, 30_000);
    }
  }

  test("describeUncaught() keeps the message and the kind, never the stack", () => {
    const error = new SyntaxError("bad token");
    expect(describeUncaught(error)).toEqual({ error: "bad token", name: "SyntaxError" });
    expect(describeUncaught(undefined)).toEqual({ error: "undefined", name: "undefined" });
    expect(describeUncaught({ code: 7 })).toEqual({ error: "[object Object]", name: "object" });
  });
});
