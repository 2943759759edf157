/** Name of a release email's outbox file. */

/** `<timestamp>-<release>.json`, with the colons of the ISO time replaced so the name is valid on every file system. */
export function outboxFileName(releaseId: string, at: Date): string {
  return `${at.toISOString().replaceAll(":", "-")}-${releaseId}.json`;
}
