/**
 * One ordered shutdown for a long-running process: on SIGINT/SIGTERM (or a call),
 * stops what was registered in the reverse order of registration (what started
 * last stops first), once, and exits within a bounded wait even when a step hangs.
 * Runtime-neutral (node:process), so the Deno router uses it too.
 */
import process from "node:process";

/** A registered step: its name (for the log) and how to stop it. */
type Step = { readonly name: string; readonly stop: () => unknown };

/** Options of createShutdown; `exit` and `listen` are replaceable for tests. */
export type ShutdownOptions = {
  /** Called once when the shutdown starts, with its reason (the signal's name). */
  readonly onStart?: (reason: string) => void;
  /** A step's failure: logged, and the next step runs. */
  readonly onStepError?: (name: string, error: unknown) => void;
  /** Called when the wait is over before every step finished. */
  readonly onTimeout?: (pending: string) => void;
  /** The longest wait for all steps before exiting anyway; default 15 s. */
  readonly timeoutMs?: number;
  /** The exit code after a signal; default 0. */
  readonly signalExitCode?: number;
  readonly exit?: (code: number) => void;
  readonly listen?: (signal: "SIGINT" | "SIGTERM", handler: () => void) => void;
};

/** The shutdown of one process. */
export type Shutdown = {
  /** Registers a step; steps stop in the reverse order of registration. */
  add(name: string, stop: () => unknown): void;
  /** Stops everything (once: later calls return the first run) and exits with `code`. */
  stop(reason: string, code?: number): Promise<void>;
};

/** Creates the shutdown and listens for SIGINT and SIGTERM. */
export function createShutdown(options: ShutdownOptions = {}): Shutdown {
  const steps: Step[] = [];
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const timeoutMs = options.timeoutMs ?? 15_000;
  let running: Promise<void> | null = null;

  const runSteps = async (reason: string, code: number) => {
    options.onStart?.(reason);
    let current = "(none)";
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    const all = (async () => {
      for (const step of [...steps].reverse()) {
        current = step.name;
        try {
          await step.stop();
        } catch (error) {
          options.onStepError?.(step.name, error);
        }
      }
      return "done" as const;
    })();
    if ((await Promise.race([all, timedOut])) === "timeout") options.onTimeout?.(current);
    clearTimeout(timer);
    exit(code);
  };

  const shutdown: Shutdown = {
    add: (name, stop) => void steps.push({ name, stop }),
    stop: (reason, code = 0) => (running ??= runSteps(reason, code)),
  };
  const listen = options.listen ?? ((signal, handler) => void process.on(signal, handler));
  for (const signal of ["SIGINT", "SIGTERM"] as const) listen(signal, () => void shutdown.stop(signal, options.signalExitCode ?? 0));
  return shutdown;
}
