/**
 * Runs one of the project's scripts as an operator would (`bun <script> ... --json`) and
 * returns the JSON it printed last; a non-zero exit fails with its output.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "../..");

/** The parsed last stdout line of `bun <script> <args>` run in the project root with `env`. */
export async function runJsonScript(script: string, args: readonly string[], env: Record<string, string | undefined>): Promise<unknown> {
  const child = spawn(join(ROOT, "node_modules/.bin/bun"), [script, ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()));
  // Only the tail: a failure needs the last words, and these commands talk for minutes.
  child.stderr!.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-20_000)));
  const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
  if (code !== 0) throw new Error(`${script} exited ${code}:\n${stdout}\n${stderr}`);
  return JSON.parse(stdout.trim().split("\n").at(-1)!);
}
