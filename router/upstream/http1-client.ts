/**
 * A small keep-alive HTTP/1.1 client for the router's GETs to workers, over Deno.connect.
 * It exists because fetch() was the router's bottleneck (see bench/serve.bench.ts). Each
 * origin gets a few connections that carry pipelined requests (upstream-connection.ts):
 * a request joins a write that is about to go out, else takes an idle connection, else
 * opens one up to `maxConnectionsPerOrigin`, else queues on the least busy one. A request
 * whose connection went away before its answer is sent once more, alone on a connection
 * (GET is idempotent). A worker that drops pipelined requests gets one request per
 * connection for `pipelineBackoffMs`. http: only.
 */
import { UpstreamClosed, UpstreamConnection } from "./upstream-connection.ts";
import type { UpstreamGet, UpstreamResponse } from "./upstream-get.ts";

export type { UpstreamGet, UpstreamResponse };

export type Http1Client = { get: UpstreamGet; idleConnections(): number; close(): void };

export type Http1ClientOptions = {
  /** Connections opened to one worker before requests queue on existing ones. */
  maxConnectionsPerOrigin?: number;
  /** Requests waiting on one connection before another is opened beyond the limit. */
  maxPipelineDepth?: number;
  /** How long an origin gets one request per connection after it dropped a pipeline. */
  pipelineBackoffMs?: number;
  maxBodyBytes?: number;
  /** How often deadlines are checked: a request times out up to this much late. */
  sweepMs?: number;
};

type Target = { hostname: string; port: number; origin: string; path: string };

const encoder = new TextEncoder();

/** Origins seen so far by the text before their path: parsed once, not per request. */
const origins = new Map<string, Omit<Target, "path">>();

function parseTarget(url: string): Target {
  const pathStart = url.indexOf("/", "http://".length);
  const known = pathStart > 0 && url.startsWith("http://")
    ? origins.get(url.slice(0, pathStart))
    : undefined;
  if (known) return { ...known, path: url.slice(pathStart) };
  const target = parseTargetUrl(url);
  if (pathStart > 0 && origins.size < 1024) {
    origins.set(url.slice(0, pathStart), {
      hostname: target.hostname,
      port: target.port,
      origin: target.origin,
    });
  }
  return target;
}

function parseTargetUrl(url: string): Target {
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

const hasLineBreak = (text: string) => text.includes("\r") || text.includes("\n");

/** A client with no connections yet. */
export function createHttp1Client(options: Http1ClientOptions = {}): Http1Client {
  const maxConnections = options.maxConnectionsPerOrigin ?? 8;
  const maxDepth = options.maxPipelineDepth ?? 16;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const sweepMs = options.sweepMs ?? 5;
  const pipelineBackoffMs = options.pipelineBackoffMs ?? 30_000;
  const pools = new Map<string, UpstreamConnection[]>();
  // Some servers close a connection when a second request arrives before the first is
  // answered (Bun.serve does while a handler awaits I/O). An origin that ends a connection
  // with several requests unanswered gets one request per connection for a while:
  // slower, but every request is answered.
  const unpipelinedUntil = new Map<string, number>();
  const depthFor = (origin: string) => {
    const until = unpipelinedUntil.get(origin);
    return until !== undefined && until > performance.now() ? 1 : maxDepth;
  };
  let closed = false;
  let sweeper: ReturnType<typeof setInterval> | undefined;

  /** Times out late requests; runs only while some request is in flight. */
  function sweep() {
    const now = performance.now();
    let busy = false;
    for (const pool of pools.values()) {
      for (const connection of [...pool]) {
        connection.expire(now);
        busy ||= connection.inFlight > 0;
      }
    }
    if (!busy) stopSweeping();
  }
  const stopSweeping = () => {
    clearInterval(sweeper);
    sweeper = undefined;
  };
  const send = (
    connection: UpstreamConnection,
    request: Uint8Array,
    deadline: number,
    timeoutMs: number,
  ) => {
    sweeper ??= setInterval(sweep, sweepMs);
    return connection.send(request, deadline, timeoutMs);
  };

  const poolOf = (origin: string) => {
    let pool = pools.get(origin);
    if (!pool) pools.set(origin, pool = []);
    return pool;
  };

  /** A new connection in the origin's pool, usable (for queueing) at once. */
  function open(target: Target): UpstreamConnection {
    const pool = poolOf(target.origin);
    const connection = new UpstreamConnection(
      Deno.connect({ hostname: target.hostname, port: target.port }),
      {
        maxBodyBytes,
        onClosed: (gone, end) => {
          const at = pool.indexOf(gone);
          if (at >= 0) pool.splice(at, 1);
          if (end.byPeer && end.unanswered > 1) {
            unpipelinedUntil.set(target.origin, performance.now() + pipelineBackoffMs);
          }
        },
      },
    );
    pool.push(connection);
    return connection;
  }

  /** The connection a request should ride, or null when a new one should be opened. */
  function choose(origin: string): UpstreamConnection | null {
    const pool = poolOf(origin);
    const depth = depthFor(origin);
    let idle: UpstreamConnection | null = null;
    let leastBusy: UpstreamConnection | null = null;
    for (const connection of pool) {
      if (connection.reserved) continue;
      if (connection.gathering && connection.inFlight < depth) return connection;
      if (connection.inFlight === 0) idle ??= connection;
      if (!leastBusy || connection.inFlight < leastBusy.inFlight) leastBusy = connection;
    }
    if (idle) return idle;
    if (pool.length < maxConnections || !leastBusy || leastBusy.inFlight >= depth) return null;
    return leastBusy;
  }

  return {
    async get(url, { headers, timeoutMs }) {
      if (closed) throw new Error("the upstream client is closed");
      const target = parseTarget(url);
      let head = `GET ${target.path} HTTP/1.1\r\nHost: ${target.origin}\r\n`;
      for (const [name, value] of Object.entries(headers)) {
        if (hasLineBreak(name) || hasLineBreak(value)) {
          throw new TypeError(`header ${name} holds a line break`);
        }
        head += `${name}: ${value}\r\n`;
      }
      const request = encoder.encode(`${head}\r\n`);
      const deadline = performance.now() + timeoutMs;
      const first = choose(target.origin) ?? open(target);
      try {
        return await send(first, request, deadline, timeoutMs);
      } catch (error) {
        if (!(error instanceof UpstreamClosed) || closed) throw error;
        // The worker closed the connection (restart, idle timeout, a pipeline it would not
        // take) or another request on it failed: one more try, alone on a connection.
        const alone = poolOf(target.origin).find((c) => c.inFlight === 0 && !c.reserved) ??
          open(target);
        alone.reserved = true;
        try {
          return await send(alone, request, deadline, timeoutMs);
        } finally {
          alone.reserved = false;
        }
      }
    },
    idleConnections: () =>
      [...pools.values()].reduce(
        (n, pool) => n + pool.filter((connection) => connection.inFlight === 0).length,
        0,
      ),
    close() {
      closed = true;
      stopSweeping();
      for (const pool of pools.values()) {
        for (const connection of [...pool]) {
          connection.close(new Error("the upstream client is closed"));
        }
      }
      pools.clear();
    },
  };
}
