/**
 * A small keep-alive HTTP/1.1 client for the router's GETs to workers, over Deno.connect
 * with a pool of idle connections per origin. It exists because fetch() was the router's
 * bottleneck (see bench/serve.bench.ts). Bodies framed by content-length, chunked or
 * connection close; a timeout closes the connection; a reused connection the worker
 * closed while idle is retried once on a fresh one (GET is idempotent). http: only.
 */
import { readResponse, UpstreamClosed } from "./read-response.ts";

/** A worker's answer: status, lower-case headers, body text. */
export type UpstreamResponse = { status: number; headers: Map<string, string>; body: string };

/** One GET; rejects on a network error, a malformed response, or after `timeoutMs`. */
export type UpstreamGet = (
  url: string,
  options: { headers: Record<string, string>; timeoutMs: number },
) => Promise<UpstreamResponse>;

export type Http1Client = { get: UpstreamGet; idleConnections(): number; close(): void };

export type Http1ClientOptions = { maxIdlePerOrigin?: number; maxBodyBytes?: number };

type Target = { hostname: string; port: number; origin: string; path: string };

const encoder = new TextEncoder();

/** The error of a request that got no complete answer in time (the name fetch uses too). */
export const timeoutError = (ms: number) =>
  new DOMException(`no answer within ${ms} ms`, "TimeoutError");

function parseTarget(url: string): Target {
  const match = /^http:\/\/([^/:?#]+|\[[^\]]+\])(?::(\d{1,5}))?(\/[^#]*)?$/.exec(url);
  if (!match) {
    throw new TypeError(
      `unsupported upstream URL ${JSON.stringify(url.slice(0, 100))}: http://host[:port]/path only`,
    );
  }
  const port = Number(match[2] ?? 80);
  return {
    hostname: match[1].replace(/^\[|\]$/g, ""),
    port,
    origin: `${match[1]}:${port}`,
    path: match[3] ?? "/",
  };
}

/** A client with no connections yet. */
export function createHttp1Client(options: Http1ClientOptions = {}): Http1Client {
  const maxIdle = options.maxIdlePerOrigin ?? 256;
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const idle = new Map<string, Deno.TcpConn[]>();
  const open = new Set<Deno.TcpConn>();
  let closed = false;

  const drop = (conn: Deno.TcpConn) => {
    if (open.delete(conn)) conn.close();
  };

  async function connect(target: Target, deadline: number): Promise<Deno.TcpConn> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ms = Math.max(1, Math.ceil(deadline - performance.now()));
    const connecting = Deno.connect({ hostname: target.hostname, port: target.port });
    try {
      const conn = await Promise.race([
        connecting,
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(timeoutError(ms)), ms))),
      ]);
      conn.setNoDelay(true);
      open.add(conn);
      return conn;
    } catch (error) {
      connecting.then((late) => late.close(), () => {});
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async function exchange(
    conn: Deno.TcpConn,
    request: Uint8Array,
    target: Target,
    deadline: number,
    timeoutMs: number,
  ) {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      drop(conn);
    }, Math.max(1, deadline - performance.now()));
    try {
      try {
        for (let written = 0; written < request.length;) {
          written += await conn.write(request.subarray(written));
        }
      } catch (error) {
        const reset = error instanceof Deno.errors.BrokenPipe ||
          error instanceof Deno.errors.ConnectionReset;
        throw reset
          ? new UpstreamClosed(`connection lost while sending: ${(error as Error).message}`)
          : error;
      }
      const response = await readResponse(conn, maxBody);
      if (response.reusable && !closed && (idle.get(target.origin)?.length ?? 0) < maxIdle) {
        const list = idle.get(target.origin) ?? [];
        list.push(conn);
        idle.set(target.origin, list);
      } else drop(conn);
      return { status: response.status, headers: response.headers, body: response.body };
    } catch (error) {
      drop(conn);
      throw timedOut ? timeoutError(timeoutMs) : error;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async get(url, { headers, timeoutMs }) {
      if (closed) throw new Error("the upstream client is closed");
      const target = parseTarget(url);
      let head = `GET ${target.path} HTTP/1.1\r\nHost: ${target.origin}\r\n`;
      for (const [name, value] of Object.entries(headers)) {
        if (/[\r\n]/.test(name + value)) throw new TypeError(`header ${name} holds a line break`);
        head += `${name}: ${value}\r\n`;
      }
      const request = encoder.encode(`${head}\r\n`);
      const deadline = performance.now() + timeoutMs;
      const reused = idle.get(target.origin)?.pop();
      try {
        return await exchange(
          reused ?? await connect(target, deadline),
          request,
          target,
          deadline,
          timeoutMs,
        );
      } catch (error) {
        // The worker closed an idle connection (restart, idle timeout): one fresh try.
        if (!(error instanceof UpstreamClosed) || !reused) throw error;
        return await exchange(
          await connect(target, deadline),
          request,
          target,
          deadline,
          timeoutMs,
        );
      }
    },
    idleConnections: () => [...idle.values()].reduce((n, list) => n + list.length, 0),
    close() {
      closed = true;
      for (const conn of [...open]) drop(conn);
      idle.clear();
    },
  };
}
