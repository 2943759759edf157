/**
 * Runs one of the project's commands with `--json` and returns its exit code and the JSON
 * it printed last. The command's progress lines become bars here on a terminal
 * (relay-progress.ts); its other stderr lines go to `onLine`.
 */
import { runStep } from "../../system/run-step.ts";
import { createProgressRelay } from "../../infra/terminal/relay-progress.ts";

export type JsonCommandResult = { readonly code: number | null; readonly json: unknown };

/** `bun <script> ...args`; stderr lines go to `onLine` (progress to a bar when `json` is off on a terminal); the last stdout line that parses as JSON is returned (null if none). */
export async function runJsonCommand(
  script: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string | undefined>; onLine: (line: string) => void; json?: boolean },
): Promise<JsonCommandResult> {
  const relay = createProgressRelay({ json: options.json, other: options.onLine });
  let result;
  try {
    result = await runStep(process.execPath, [script, ...args], { cwd: options.cwd, env: options.env, onLine: relay.line });
  } finally {
    relay.close();
  }
  const { code, stdout } = result;
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
