/** Times as the status page prints them: UTC to the second, one format everywhere. */

/** `2024-05-01 12:05:00 UTC` for epoch milliseconds `ms`. */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}
