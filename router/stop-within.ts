/** Bounds one step of the router's shutdown. */

/**
 * `stop`, given up after `ms` with an error naming the bound: a step hung on a dead
 * dependency (a query on a connection that will never answer) must not hold the steps
 * registered after it, nor the process past its shutdown bound.
 */
export function stopWithin(ms: number, stop: () => unknown): () => Promise<void> {
  return async () => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`still running after ${ms} ms: given up`)), ms);
    });
    try {
      await Promise.race([Promise.resolve().then(stop), late]);
    } finally {
      clearTimeout(timer);
    }
  };
}
