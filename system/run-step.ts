/** Runs a one-shot command of the start-up sequence, forwarding its output with a prefix. */
import { spawn } from "node:child_process";

export type StepResult = { readonly code: number | null; readonly stdout: string };

/** Resolves with the exit code and stdout once the command ends; stderr lines go to `onLine`. */
export function runStep(
  command: string, args: readonly string[], options: { cwd: string; env: Record<string, string | undefined>; onLine: (line: string) => void },
): Promise<StepResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    let pending = "";
    child.stderr.on("data", (c: Buffer) => {
      const lines = (pending + c.toString()).split(/\r|\n/);
      pending = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) options.onLine(line);
    });
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout }));
  });
}
