/** Stops a child process: SIGTERM, then SIGKILL if it is still there after the grace period. */
import type { ChildProcess } from "node:child_process";

/** Resolves once `child` has exited (at once if it already has). */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await gone;
  clearTimeout(timer);
}
