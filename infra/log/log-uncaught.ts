/**
 * The last line of a long-running process: an exception nothing caught, or a rejection
 * nothing handled, becomes one JSON log line (its message and its error's name, never a
 * stack trace, never terminal colours) and the process exits 1, so its supervisor restarts
 * it and the log stays machine-readable. Bun reports both through node:process events;
 * Deno through the `error` and `unhandledrejection` events of globalThis, whose default
 * (a coloured trace) `preventDefault()` suppresses. Every long-running main calls it first.
 */
import process from "node:process";
import { errorMessage, type Logger } from "./logger.ts";

/** An event as Deno dispatches it on globalThis (ErrorEvent, PromiseRejectionEvent). */
type DenoErrorEvent = Event & { readonly error?: unknown; readonly reason?: unknown; readonly message?: string };

let installed = false;

/** Installs the handlers (once per process: later calls do nothing). */
export function logUncaughtErrors(log: Logger): void {
  if (installed) return;
  installed = true;
  let exiting = false;
  const fail = (error: unknown) => {
    // A failure while logging (stderr closed) must still end the process, and only once.
    if (exiting) return;
    exiting = true;
    try {
      log.error("uncaught error", describeUncaught(error));
    } finally {
      process.exit(1);
    }
  };
  if (isDeno()) {
    const target = globalThis as unknown as { addEventListener(type: string, listener: (event: DenoErrorEvent) => void): void };
    target.addEventListener("error", (event) => {
      event.preventDefault();
      fail(event.error ?? event.message);
    });
    target.addEventListener("unhandledrejection", (event) => {
      event.preventDefault();
      fail(event.reason);
    });
    return;
  }
  process.on("uncaughtException", fail);
  process.on("unhandledRejection", fail);
}

/** The fields of the log line: what failed, and what kind of error it was. */
export function describeUncaught(error: unknown): { error: string; name: string } {
  return { error: errorMessage(error), name: error instanceof Error ? error.name : typeof error };
}

function isDeno(): boolean {
  return typeof (globalThis as { Deno?: unknown }).Deno !== "undefined";
}
