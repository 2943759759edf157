/** A promise given up after a time: the drill asks processes it has just killed, which may never answer. */

/** `work`, or a rejection after `ms` (the work itself goes on unobserved). */
export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  work.catch(() => {}); // a late failure of abandoned work is not an unhandled rejection
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
