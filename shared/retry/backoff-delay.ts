/** Exponential backoff with a cap: 100 ms, 200 ms, 400 ms … up to `maxMs`. */
export function backoffDelay(attempt: number, maxMs: number, baseMs = 100): number {
  if (!Number.isInteger(attempt) || attempt < 0) {
    throw new RangeError(`Cannot compute a backoff delay: 'attempt' must be a non-negative integer: current value is ${attempt}`);
  }
  return Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
}
