/** The outbox: release emails kept as files, so no report is lost when it cannot be sent (or there is no key to send it). */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

/** An outbox file; `format` is bumped whenever the shape changes so readers can tell old files apart. */
export const OutboxEmail = z.object({
  format: z.literal(1),
  releaseId: z.string().min(1),
  from: z.string().min(1),
  to: z.array(z.string().min(1)).min(1),
  subject: z.string(),
  html: z.string(),
  text: z.string(),
});
export type OutboxEmail = z.infer<typeof OutboxEmail>;

/** `<timestamp>-<release>.json`, with the colons of the ISO time replaced so the name is valid on every file system. */
function outboxFileName(releaseId: string, at: Date): string {
  return `${at.toISOString().replaceAll(":", "-")}-${releaseId}.json`;
}

/** Writes the email as JSON under `dir` (created if missing) and returns the file's path. */
export async function writeOutboxEmail(dir: string, email: Omit<OutboxEmail, "format">, at: Date): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, outboxFileName(email.releaseId, at));
  const file: OutboxEmail = { format: 1, ...email };
  await writeFile(path, JSON.stringify(file, null, 2) + "\n");
  return path;
}
