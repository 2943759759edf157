/**
 * One keep-alive HTTP/1.1 connection, one request at a time, as a site's client
 * holds it: a request on a connection the server dropped fails (no silent retry, so
 * the drill counts what a real client would see), and the next request opens a new
 * connection. The local port is known, so the drill can tell which server process
 * holds the other end.
 */
import { connect, type Socket } from "node:net";
import { parseHttpResponse } from "./parse-http-response.ts";

/** An answer, or why there was none (refused, reset, timed out, not HTTP). */
export type HttpAnswer = { readonly status: number; readonly body: string } | { readonly error: string };

export type KeepAliveClient = {
  /** GET `path`; gives up after `timeoutMs` (connecting included) and drops the connection. */
  get(path: string, timeoutMs: number): Promise<HttpAnswer>;
  /** The local port of the open connection, or null. */
  localPort(): number | null;
  /** Connections this client has begun to open so far. */
  opened(): number;
  close(): void;
};

/** A client of `host:port`; connects on the first request. */
export function createKeepAliveClient(host: string, port: number): KeepAliveClient {
  let socket: Socket | null = null;
  let buffered: Buffer = Buffer.alloc(0);
  let waiting: ((event: { data?: true; error?: string }) => void) | null = null;
  // Each request's number: an exchange abandoned at its timeout must not touch the connection after.
  let generation = 0;
  let opened = 0;

  const drop = () => {
    socket?.destroy();
    socket = null;
    buffered = Buffer.alloc(0);
  };

  const open = () =>
    new Promise<Socket>((resolve, reject) => {
      opened++;
      const s = connect({ host, port, noDelay: true });
      s.once("connect", () => resolve(s));
      s.once("error", (error) => reject(error));
      s.on("data", (chunk: Buffer) => {
        buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
        waiting?.({ data: true });
      });
      // A server that goes away between requests: the next request opens a new connection.
      s.on("close", () => {
        if (socket === s) socket = null;
        waiting?.({ error: "connection closed by the server" });
      });
      s.on("error", (error) => waiting?.({ error: error.message }));
    });

  const exchange = async (path: string, mine: number): Promise<HttpAnswer> => {
    if (socket === null) {
      buffered = Buffer.alloc(0);
      const opened = await open();
      if (mine !== generation) {
        opened.destroy();
        throw new Error("abandoned");
      }
      socket = opened;
    }
    const current = socket;
    current.write(`GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nConnection: keep-alive\r\n\r\n`);
    for (;;) {
      const read = parseHttpResponse(buffered);
      if (read.kind === "response") {
        buffered = buffered.subarray(read.consumed);
        if (read.close) drop();
        return { status: read.status, body: read.body };
      }
      if (read.kind === "invalid") throw new Error(read.reason);
      const event = await new Promise<{ data?: true; error?: string }>((resolve) => (waiting = resolve));
      waiting = null;
      if (event.error) throw new Error(event.error);
    }
  };

  return {
    async get(path, timeoutMs) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<HttpAnswer>((resolve) => {
        timer = setTimeout(() => resolve({ error: `no answer within ${timeoutMs} ms` }), timeoutMs);
      });
      const answered = exchange(path, ++generation).catch((error: unknown): HttpAnswer => ({ error: error instanceof Error ? error.message : String(error) }));
      const answer = await Promise.race([answered, timedOut]);
      clearTimeout(timer);
      // After a failure the connection's state is unknown (a late answer would be read as the next one's).
      if ("error" in answer) {
        generation++;
        waiting?.({ error: "abandoned" });
        waiting = null;
        drop();
      }
      return answer;
    },
    localPort: () => socket?.localPort ?? null,
    opened: () => opened,
    close: drop,
  };
}
