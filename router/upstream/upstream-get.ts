/**
 * The one call the router's forwarding needs from an HTTP client: a GET with headers and
 * a deadline. Kept apart from the Deno client that implements it (http1-client.ts), so
 * code that forwards requests runs under Bun as well (fetch-upstream.ts implements it there).
 */

/** A worker's answer: status, lower-case headers, body text. */
export type UpstreamResponse = { status: number; headers: Map<string, string>; body: string };

/** One GET; rejects on a network error, a malformed response, or after `timeoutMs`. */
export type UpstreamGet = (
  url: string,
  options: { headers: Record<string, string>; timeoutMs: number },
) => Promise<UpstreamResponse>;
