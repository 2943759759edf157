import { describe, expect, test } from "bun:test";
import { type SessionDatabase, SessionQueue } from "./session-queue.ts";

/** A session that records the messages it runs, by type letter and client. */
function recordingSession(): SessionDatabase & { ran: string[]; inTransaction: boolean } {
  const session = {
    ran: [] as string[],
    inTransaction: false,
    isInTransaction: () => session.inTransaction,
    runExclusive: <T>(fn: () => Promise<T>) => fn(),
    execProtocolRawStream: (message: Uint8Array, { onRawData }: { onRawData: (d: Uint8Array) => void }) => {
      session.ran.push(String.fromCharCode(message[0]));
      onRawData(new Uint8Array([1]));
      return Promise.resolve();
    },
    execProtocolRaw: (message: Uint8Array) => {
      session.ran.push(`${String.fromCharCode(message[0])}(cleanup)`);
      return Promise.resolve(new Uint8Array());
    },
    exec: (query: string) => Promise.resolve(void session.ran.push(query)),
  };
  return session;
}

const message = (type: string) => new Uint8Array([type.charCodeAt(0), 0, 0, 0, 4]);

describe("SessionQueue", () => {
  test("a client's exchange runs to its Sync before another client's query", async () => {
    const session = recordingSession();
    const queue = new SessionQueue(session);
    const tagged = (client: number, type: string) => queue.enqueue(client, message(type), () => {}).then(() => session.ran.length);
    const parse = tagged(1, "P");
    const otherQuery = tagged(2, "Q");
    await parse;
    // Client 1 answers after a round trip: client 2 must not have run meanwhile.
    expect(session.ran).toEqual(["P"]);
    await Promise.all([tagged(1, "B"), tagged(1, "E"), tagged(1, "S"), otherQuery]);
    expect(session.ran).toEqual(["P", "B", "E", "S", "Q"]);
  });

  test("an open transaction keeps the session for its client across Syncs", async () => {
    const session = recordingSession();
    const queue = new SessionQueue(session);
    session.inTransaction = true;
    await queue.enqueue(1, message("Q"), () => {});
    const other = queue.enqueue(2, message("Q"), () => {});
    await new Promise((r) => setTimeout(r, 5));
    expect(session.ran).toEqual(["Q"]);
    session.inTransaction = false;
    await queue.enqueue(1, message("Q"), () => {}); // COMMIT
    await other;
    expect(session.ran).toEqual(["Q", "Q", "Q"]);
  });

  test("a client that leaves mid-exchange is cleaned up and the others go on", async () => {
    const session = recordingSession();
    const queue = new SessionQueue(session);
    await queue.enqueue(1, message("P"), () => {});
    session.inTransaction = true;
    const other = queue.enqueue(2, message("Q"), () => {});
    queue.clearQueueForHandler(1);
    await queue.clearTransactionIfNeeded(1);
    session.inTransaction = false;
    await other;
    expect(session.ran).toEqual(["P", "S(cleanup)", "ROLLBACK", "Q"]);
  });

  test("a client that leaves while its message runs does not keep the session", async () => {
    const session = recordingSession();
    const queue = new SessionQueue(session);
    const parse = queue.enqueue(1, message("P"), () => {});
    queue.clearQueueForHandler(1); // detached before its Parse was run
    await queue.clearTransactionIfNeeded(1); // not the owner yet: nothing to clean
    await parse;
    await queue.enqueue(2, message("Q"), () => {});
    expect(session.ran).toEqual(["P", "S(cleanup)", "Q"]);
  });
});
