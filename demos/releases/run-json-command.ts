/** Runs one of the project's commands with `--json` and returns its exit code and the JSON it printed last. */
import { runStep } from "../../system/run-step.ts";

export type JsonCommandResult = { readonly code: number | null; readonly json: unknown };

/** `bun <script> ...args`; stderr lines go to `onLine`; the last stdout line that parses as JSON is returned (null if none). */
export async function runJsonCommand(
  script: string, args: readonly string[], options: { cwd: string; env: Record<string, string | undefined>; onLine: (line: string) => void },
): Promise<JsonCommandResult> {
  const { code, stdout } = await runStep(process.execPath, [script, ...args], options);
  const lines = stdout.trim().split("\n").reverse();
  for (const line of lines) {
    try {
      return { code, json: JSON.parse(line) };
    } catch {
      // Not JSON: keep looking from the end.
    }
  }
  return { code, json: null };
}
