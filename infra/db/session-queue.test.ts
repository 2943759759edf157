import { describe, expect, test } from "bun:test";
import { AsyncLocalStorage } from "node:async_hooks";
import { type SessionDatabase, SessionQueue } from "./session-queue.ts";

/**
 * A session shaped like PGlite's: one lock, first come first served and not
 * re-entrant, that runExclusive takes and so does exec(). Where PGlite would wait
 * forever on re-entry, this one fails at once. It records every message it runs
 * ("Q begin", "P s1", "S", "C s1" …), runs raw messages only under the lock, and
 * keeps a transaction open from `begin` to `rollback`/`commit`.
 */
function pgliteLikeSession() {
  const holding = new AsyncLocalStorage<true>();
  let tail: Promise<unknown> = Promise.resolve();
  const session = {
    ran: [] as string[],
    inTransaction: false,
    /** Messages whose run throws, by their rendering. */
    failing: new Set<string>(),
    /** When set, the next message waits for it before it is recorded. */
    gate: null as Promise<void> | null,
    isInTransaction: () => session.inTransaction,
    runExclusive<T>(fn: () => Promise<T>): Promise<T> {
      if (holding.getStore()) return Promise.reject(new Error("runExclusive re-entered: PGlite would wait on its own lock forever"));
      const result = tail.then(() => holding.run(true, fn));
      tail = result.catch(() => {});
      return result;
    },
    async execProtocolRawStream(message: Uint8Array, { onRawData }: { onRawData: (d: Uint8Array) => void }) {
      if (!holding.getStore()) throw new Error("a raw message ran outside runExclusive");
      const gate = session.gate;
      session.gate = null;
      if (gate) await gate;
      const seen = render(message);
      session.ran.push(seen);
      if (session.failing.has(seen)) throw new Error(`${seen} failed`);
      if (/^Q begin/i.test(seen)) session.inTransaction = true;
      if (/^Q (rollback|commit)/i.test(seen)) session.inTransaction = false;
      onRawData(new Uint8Array([1]));
    },
    /** Like PGlite's exec(): takes the lock itself. */
    exec: (query: string) => session.runExclusive(() => Promise.resolve(void session.ran.push(`exec ${query}`))),
  };
  return session satisfies SessionDatabase;
}

/** A frontend message: type letter, length, body. */
function frontend(type: string, body: number[]): Uint8Array {
  const message = new Uint8Array(5 + body.length);
  message[0] = type.charCodeAt(0);
  new DataView(message.buffer).setInt32(1, 4 + body.length);
  message.set(body, 5);
  return message;
}

const bytes = (text: string) => [...new TextEncoder().encode(text), 0];
const query = (sql: string) => frontend("Q", bytes(sql));
const parse = (name: string) => frontend("P", [...bytes(name), ...bytes("select 1"), 0, 0]);
const bind = () => frontend("B", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
const execute = () => frontend("E", [0, 0, 0, 0, 0]);
const sync = () => frontend("S", []);
const close = (name: string) => frontend("C", [0x53, ...bytes(name)]);

/** "Q begin", "P s1", "C s1", "S": the type letter and, where it has one, the name or SQL. */
function render(message: Uint8Array): string {
  const type = String.fromCharCode(message[0]);
  const from = type === "C" ? 6 : 5;
  const text = new TextDecoder().decode(message.subarray(from, Math.max(from, message.indexOf(0, from))));
  return ["Q", "P", "C"].includes(type) ? `${type} ${text}` : type;
}

/** Lets every queued microtask and I/O callback run. */
const settle = () => new Promise((r) => setImmediate(r));

/** What pglite-socket's handler does when its socket closes or errs. */
const disconnect = (queue: SessionQueue, client: number) => {
  queue.clearQueueForHandler(client);
  return queue.clearTransactionIfNeeded(client);
};

describe("SessionQueue", () => {
  test("a client's exchange runs to its Sync before another client's query", async () => {
    const session = pgliteLikeSession();
    const queue = new SessionQueue(session);
    await queue.enqueue(1, parse("s1"), () => {});
    const other = queue.enqueue(2, query("select 2"), () => {});
    await settle();
    // Client 1 answers after a round trip: client 2 must not have run meanwhile.
    expect(session.ran).toEqual(["P s1"]);
    await Promise.all([queue.enqueue(1, bind(), () => {}), queue.enqueue(1, execute(), () => {}), queue.enqueue(1, sync(), () => {}), other]);
    expect(session.ran).toEqual(["P s1", "B", "E", "S", "Q select 2"]);
  });

  test("an open transaction keeps the session for its client across Syncs", async () => {
    const session = pgliteLikeSession();
    const queue = new SessionQueue(session);
    await queue.enqueue(1, query("begin"), () => {});
    const other = queue.enqueue(2, query("select 2"), () => {});
    await queue.enqueue(1, sync(), () => {});
    await settle();
    expect(session.ran).toEqual(["Q begin", "S"]);
    await queue.enqueue(1, query("commit"), () => {});
    await other;
    expect(session.ran).toEqual(["Q begin", "S", "Q commit", "Q select 2"]);
  });

  test("a client killed inside its transaction is rolled back and the waiting client is answered", async () => {
    // The ingest crash: `begin` ran, another client's query waits, the socket closes.
    const session = pgliteLikeSession();
    const queue = new SessionQueue(session);
    await queue.enqueue(1, query("begin"), () => {});
    const other = queue.enqueue(2, query("select 2"), () => {});
    await disconnect(queue, 1);
    expect(await other).toBe(1);
    expect(session.ran).toEqual(["Q begin", "S", "Q ROLLBACK", "Q select 2"]);
    expect(session.inTransaction).toBe(false);
  });

  test("a client that leaves mid-exchange is cleaned up and the others go on", async () => {
    const session = pgliteLikeSession();
    const queue = new SessionQueue(session);
    await queue.enqueue(1, parse(""), () => {});
    const other = queue.enqueue(2, query("select 2"), () => {});
    await disconnect(queue, 1);
    await other;
    expect(session.ran).toEqual(["P ", "S", "Q select 2"]);
  });

  test("a client that leaves while its `begin` runs is rolled back after it", async () => {
    const session = pgliteLikeSession();
    const queue = new SessionQueue(session);
    let open!: () => void;
    session.gate = new Promise((r) => (open = r));
    const begin = queue.enqueue(1, query("begin"), () => {});
    await settle(); // running, held at the gate
    const left = disconnect(queue, 1); // its socket closed meanwhile
    const other = queue.enqueue(2, query("select 2"), () => {});
    open();
    await Promise.all([begin, left, other]);
    expect(session.ran).toEqual(["Q begin", "S", "Q ROLLBACK", "Q select 2"]);
  });

  test("a client that leaves waits for another client's exchange to end before its clean-up runs", async () => {
    const session = pgliteLikeSession();
    const queue = new SessionQueue(session);
    await queue.enqueue(1, parse("s1"), () => {});
    await queue.enqueue(1, sync(), () => {});
    await queue.enqueue(2, parse(""), () => {}); // client 2's exchange is open
    const left = disconnect(queue, 1);
    await settle();
    expect(session.ran).toEqual(["P s1", "S", "P "]);
    await queue.enqueue(2, sync(), () => {});
    await left;
    expect(session.ran).toEqual(["P s1", "S", "P ", "S", "S", "C s1", "S"]);
  });

  test("a departed client's named statements are closed, not those it closed itself nor another client's", async () => {
    const session = pgliteLikeSession();
    const queue = new SessionQueue(session);
    for (const message of [parse("a1"), parse("a2"), close("a2"), sync()]) await queue.enqueue(1, message, () => {});
    for (const message of [parse("b1"), sync()]) await queue.enqueue(2, message, () => {});
    session.ran.length = 0;
    await disconnect(queue, 1);
    await disconnect(queue, 1); // the handler detaches again on close after an error
    expect(session.ran).toEqual(["S", "C a1", "S"]);
  });

  test("a client that leaves with nothing open costs the session nothing", async () => {
    const session = pgliteLikeSession();
    const queue = new SessionQueue(session);
    await queue.enqueue(1, query("select 1"), () => {});
    await disconnect(queue, 1);
    expect(session.ran).toEqual(["Q select 1"]);
  });

  test("a message that fails rejects, ends its transaction and frees the session", async () => {
    const session = pgliteLikeSession();
    const queue = new SessionQueue(session);
    await queue.enqueue(1, query("begin"), () => {});
    session.failing.add("Q insert");
    const failed = queue.enqueue(1, query("insert"), () => {});
    const other = queue.enqueue(2, query("select 2"), () => {});
    await expect(failed).rejects.toThrow("Q insert failed");
    await other;
    expect(session.ran).toEqual(["Q begin", "Q insert", "S", "Q ROLLBACK", "Q select 2"]);
  });

  test("a clean-up that fails is logged and still frees the session", async () => {
    const session = pgliteLikeSession();
    const lines: string[] = [];
    const queue = new SessionQueue(session, { log: (line) => lines.push(line) });
    await queue.enqueue(1, query("begin"), () => {});
    session.failing.add("Q ROLLBACK");
    await disconnect(queue, 1);
    session.inTransaction = false;
    await queue.enqueue(2, query("select 2"), () => {});
    expect(lines).toEqual(["could not end what client #1 left open: Q ROLLBACK failed"]);
    expect(session.ran.at(-1)).toBe("Q select 2");
  });
});
