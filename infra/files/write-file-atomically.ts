/**
 * Replaces a file whole or not at all: the text goes to a temporary sibling of its own,
 * is flushed to disk, and is renamed over the target. A reader (this process's next
 * start, or another process sharing the directory) sees the old content or the new,
 * never a part, even after a crash or a power cut in the middle of the write.
 * Runs under Bun and Deno (node:fs).
 */
import { mkdir, open, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";

/** Writes `text` to `path` atomically; `mode` applies to the new file (default 0o644). */
export async function writeFileAtomically(path: string, text: string, options: { mode?: number } = {}): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  // Unique per write: processes sharing the directory never write the same temporary file.
  const temporary = `${path}.${crypto.randomUUID()}.tmp`;
  try {
    const handle = await open(temporary, "wx", options.mode ?? 0o644);
    try {
      await handle.writeFile(text);
      await handle.sync(); // the rename must not publish a file whose data is only in the page cache
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => {});
    throw error;
  }
}
