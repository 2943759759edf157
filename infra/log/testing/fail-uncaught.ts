/**
 * A process that fails the way a bug would, for log-uncaught.test.ts: argument `throw`
 * throws from a timer, `reject` leaves a rejected promise unhandled, `throw-string`
 * throws something that is not an Error. Runs under Bun and Deno alike.
 */
import process from "node:process";
import { createLogger } from "../logger.ts";
import { logUncaughtErrors } from "../log-uncaught.ts";

logUncaughtErrors(createLogger("fixture"));
const mode = process.argv[2];
// A timer keeps the process alive, so only the handler can end it, with its own exit code.
const keepAlive = setTimeout(() => {}, 60_000);
if (mode === "throw") {
  setTimeout(() => {
    throw new TypeError("boom from a timer");
  }, 1);
} else if (mode === "reject") {
  void Promise.reject(new RangeError("boom from a promise"));
} else if (mode === "throw-string") {
  setTimeout(() => {
    throw "a bare string";
  }, 1);
} else {
  clearTimeout(keepAlive);
  console.error(`unknown mode ${mode}`);
  process.exit(3);
}
