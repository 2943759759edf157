/**
 * A response body read up to a cap. `response.text()` buffers whatever the server sends, so
 * one endless or huge answer could hold a run until its timeout or exhaust its memory.
 */

/** The body as text, or `too_large` once it runs past `maxBytes` (then it is not read further). */
export type CappedBody = { readonly kind: "text"; readonly text: string } | { readonly kind: "too_large" };

/**
 * Reads `response`'s body chunk by chunk and cancels it as soon as it holds more than
 * `maxBytes` bytes (or says so in Content-Length), so at most one chunk past the cap is
 * read. Decodes as `response.text()` does. Rejects when the body fails (a reset, a timeout).
 */
export async function readCappedBody(response: Response, maxBytes: number): Promise<CappedBody> {
  const declared = Number(response.headers.get("content-length") ?? "");
  if (response.body === null) return { kind: "text", text: "" };
  if (declared > maxBytes) {
    await response.body.cancel().catch(() => {});
    return { kind: "too_large" };
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // Cancelling closes the connection, so the server stops sending too.
      await reader.cancel().catch(() => {});
      return { kind: "too_large" };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { kind: "text", text: new TextDecoder().decode(bytes) };
}
