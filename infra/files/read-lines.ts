/**
 * Streams a file as lines without decoding it whole: each line keeps its bytes
 * (for lossless quarantine) and its 1-based line number (its position). A final
 * line without a newline still counts; the empty string after a final newline does not.
 */
import { createReadStream } from "node:fs";

/** One line of a file: its text, its bytes as read, and its 1-based line number (partition -1: not Kafka). */
export type NumberedLine = { readonly raw: string; readonly bytes: Uint8Array; readonly partition: -1; readonly position: number };

const decoder = new TextDecoder("utf-8");

/** Yields the file's lines in chunks of at most `chunkLines`. */
export async function* readLineChunks(path: string, chunkLines: number): AsyncGenerator<NumberedLine[]> {
  let carry: Buffer = Buffer.alloc(0);
  let lineNumber = 0;
  let chunk: NumberedLine[] = [];
  const push = (bytes: Buffer) => {
    lineNumber++;
    chunk.push({ raw: decoder.decode(bytes), bytes, partition: -1, position: lineNumber });
  };
  for await (const data of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const buffer: Buffer = carry.length > 0 ? Buffer.concat([carry, data as Buffer]) : (data as Buffer);
    let start = 0;
    for (let nl = buffer.indexOf(10, start); nl >= 0; nl = buffer.indexOf(10, start)) {
      push(buffer.subarray(start, nl));
      start = nl + 1;
      if (chunk.length >= chunkLines) {
        yield chunk;
        chunk = [];
      }
    }
    // Copy the tail so the large chunk it came from can be freed.
    carry = Buffer.from(buffer.subarray(start));
  }
  if (carry.length > 0) push(carry);
  if (chunk.length > 0) yield chunk;
}
