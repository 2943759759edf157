/**
 * One keep-alive TCP connection to a worker that carries pipelined HTTP/1.1 GETs.
 *
 * Why pipelining: on loopback the router's cost per forwarded request is dominated by the
 * write and read calls to the worker, not by JavaScript. Requests sent in the same tick
 * go out in one write, and answers that arrive together are parsed from one read, which
 * roughly halves those calls under load and spares the worker the same. Answers come
 * back in request order (RFC 9112 §9.3.2), so a queue of waiters is all the matching
 * needed. A connection that fails takes its unanswered requests with it as
 * UpstreamClosed: they were GETs, so the client may send them again elsewhere.
 */
import { setImmediate } from "node:timers";
import { MAX_HEAD_BYTES, type ParsedResponse, parseResponse } from "./parse-response.ts";

/** The connection went away before this request's answer: safe to send the GET again. */
export class UpstreamClosed extends Error {
  override name = "UpstreamClosed";
}

/** The error of a request that got no complete answer in time (the name fetch uses too). */
export const timeoutError = (ms: number) =>
  new DOMException(`no answer within ${ms} ms`, "TimeoutError");

type Waiter = {
  resolve(response: ParsedResponse): void;
  reject(error: unknown): void;
  /** performance.now() time after which the answer is of no use. */
  deadline: number;
  timeoutMs: number;
};

const isReset = (error: unknown) =>
  error instanceof Deno.errors.ConnectionReset || error instanceof Deno.errors.BrokenPipe ||
  error instanceof Deno.errors.BadResource || error instanceof Deno.errors.Interrupted;

function concat(parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const joined = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}

/** How a connection ended: requests left without an answer, and whether the worker ended it. */
export type ConnectionEnd = { unanswered: number; byPeer: boolean };

const INITIAL_BUFFER_BYTES = 16 * 1024;

export class UpstreamConnection {
  /** Set by the owner while this connection must carry nothing but the request it has. */
  reserved = false;
  /** Null until the connection is established: requests queue meanwhile. */
  #conn: Deno.TcpConn | null = null;
  readonly #maxBodyBytes: number;
  readonly #onClosed: (connection: UpstreamConnection, end: ConnectionEnd) => void;
  /** Requests sent or about to be, oldest first: the order their answers will come in. */
  readonly #waiters: Waiter[] = [];
  #unsent: Uint8Array[] = [];
  #writing = false;
  #closed = false;
  #buffer = new Uint8Array(INITIAL_BUFFER_BYTES);
  #start = 0;
  #filled = 0;

  /**
   * Takes a connection being opened, so that the requests that arrive meanwhile queue on
   * it instead of each opening another; a failure to connect is every queued request's.
   */
  constructor(
    connecting: Promise<Deno.TcpConn>,
    options: {
      maxBodyBytes: number;
      onClosed: (connection: UpstreamConnection, end: ConnectionEnd) => void;
    },
  ) {
    this.#maxBodyBytes = options.maxBodyBytes;
    this.#onClosed = options.onClosed;
    connecting.then((conn) => {
      if (this.#closed) return conn.close();
      conn.setNoDelay(true);
      this.#conn = conn;
      void this.#readLoop();
      if (this.#unsent.length > 0) void this.#flush();
    }, (error) => this.close(error));
  }

  /** Requests sent (or queued to be) whose answers have not arrived. */
  get inFlight(): number {
    return this.#waiters.length;
  }

  /** Whether a write is pending that a new request would join at no extra cost. */
  get gathering(): boolean {
    return this.#unsent.length > 0;
  }

  /**
   * Queues one encoded request; resolves with its answer, rejects with UpstreamClosed or
   * an Error saying what was wrong with the answer. Past `deadline` (performance.now()
   * time) the owner's call of expire() rejects it with a TimeoutError naming `timeoutMs`.
   */
  send(request: Uint8Array, deadline: number, timeoutMs: number): Promise<ParsedResponse> {
    if (this.#closed) return Promise.reject(new UpstreamClosed("connection already closed"));
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject, deadline, timeoutMs });
      this.#unsent.push(request);
      if (!this.#writing && this.#conn) {
        this.#writing = true;
        // Let the requests handled in this turn of the event loop join the same write.
        // Not a microtask: Deno.serve hands over each request in its own microtask
        // chain, and a flush queued by the first runs before the second reaches here.
        // Not setTimeout(0) either: timers round up to a millisecond.
        setImmediate(() => void this.#flush());
      }
    });
  }

  /**
   * Rejects the requests whose deadline has passed by `now` with a TimeoutError, and then
   * closes the connection: the answers of later requests would queue behind the late one.
   * The client calls it from one periodic sweep rather than a timer per request, which
   * cost more than the rest of the exchange's JavaScript.
   */
  expire(now: number): void {
    let late = false;
    for (let i = 0; i < this.#waiters.length; i++) {
      const waiter = this.#waiters[i];
      if (waiter.deadline > now) continue;
      this.#waiters.splice(i--, 1);
      waiter.reject(timeoutError(waiter.timeoutMs));
      late = true;
    }
    if (late) this.close(new UpstreamClosed("connection closed after another request timed out"));
  }

  /** Closes the connection; every unanswered request is rejected with `reason`. */
  close(reason: unknown = new UpstreamClosed("connection closed")): void {
    this.#end(reason, false);
  }

  #end(reason: unknown, byPeer: boolean): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#conn?.close();
    } catch { /* already closed by the peer */ }
    const unanswered = this.#waiters.splice(0);
    for (const waiter of unanswered) waiter.reject(reason);
    this.#unsent = [];
    this.#onClosed(this, { unanswered: unanswered.length, byPeer });
  }

  /** Rejects the oldest request with what was wrong with its answer; the rest may be retried. */
  #failHead(reason: string): void {
    this.#waiters.shift()?.reject(new Error(reason));
    this.close(new UpstreamClosed("an earlier answer on the connection was unusable"));
  }

  async #flush(): Promise<void> {
    const conn = this.#conn!;
    this.#writing = true;
    try {
      while (this.#unsent.length > 0 && !this.#closed) {
        const batch = this.#unsent.length === 1 ? this.#unsent[0] : concat(this.#unsent);
        this.#unsent = [];
        for (let written = 0; written < batch.length;) {
          written += await conn.write(batch.subarray(written));
        }
      }
    } catch (error) {
      this.close(
        isReset(error)
          ? new UpstreamClosed(`connection lost while sending: ${(error as Error).message}`)
          : error,
      );
    } finally {
      this.#writing = false;
    }
  }

  /**
   * Room for the next read: moves unparsed bytes to the front, or grows the buffer.
   * Returns why not when one response would exceed what the client accepts.
   */
  #makeRoom(): string | null {
    if (this.#filled < this.#buffer.length) return null;
    if (this.#start > 0) {
      this.#buffer.copyWithin(0, this.#start, this.#filled);
      this.#filled -= this.#start;
      this.#start = 0;
      return null;
    }
    if (this.#buffer.length >= 2 * (MAX_HEAD_BYTES + this.#maxBodyBytes)) {
      return `response exceeds ${this.#maxBodyBytes} bytes`;
    }
    const bigger = new Uint8Array(this.#buffer.length * 2);
    bigger.set(this.#buffer.subarray(0, this.#filled));
    this.#buffer = bigger;
    return null;
  }

  async #readLoop(): Promise<void> {
    try {
      for (;;) {
        const tooLarge = this.#makeRoom();
        if (tooLarge !== null) return this.#failHead(tooLarge);
        const n = await this.#conn!.read(this.#buffer.subarray(this.#filled));
        if (this.#closed) return;
        const atEof = n === null;
        if (n !== null) this.#filled += n;
        while (this.#start < this.#filled && this.#waiters.length > 0) {
          const parsed = parseResponse(this.#buffer, this.#start, this.#filled, {
            maxBodyBytes: this.#maxBodyBytes,
            atEof,
          });
          if (parsed.state === "partial") break;
          if (parsed.state === "error") return this.#failHead(parsed.reason);
          this.#start = parsed.end;
          this.#waiters.shift()!.resolve(parsed.response);
          if (!parsed.response.keepAlive) {
            return this.close(new UpstreamClosed("the worker ended the connection"));
          }
        }
        if (this.#start < this.#filled && this.#waiters.length === 0) {
          return this.close(new Error("the worker sent bytes nobody asked for"));
        }
        if (this.#start === this.#filled) {
          this.#start = this.#filled = 0;
          // One large answer should not pin a large buffer for the connection's life.
          if (this.#buffer.length > 4 * INITIAL_BUFFER_BYTES) {
            this.#buffer = new Uint8Array(INITIAL_BUFFER_BYTES);
          }
        }
        if (atEof) {
          return this.#end(new UpstreamClosed("connection closed before a response"), true);
        }
      }
    } catch (error) {
      if (this.#closed) return;
      if (isReset(error)) {
        this.#end(new UpstreamClosed(`connection lost: ${(error as Error).message}`), true);
      } else this.close(error);
    }
  }
}
