/**
 * The order in which the embedded database runs its clients' protocol messages.
 *
 * PGlite is one Postgres session; pglite-socket serves several connections on it by
 * queueing their messages one at a time. A client's extended-protocol exchange
 * (Parse, Bind, Execute … Sync) must run without another client's messages in
 * between: another client's Sync ends the implicit transaction and drops the
 * unnamed portal a Bind just created, and its Parse can replace the unnamed
 * statement — the first client then gets an error or, worse, another answer.
 * So a client that has started an exchange keeps the session until its Sync (or
 * simple Query) is through and no transaction is open; the others wait their turn.
 *
 * A client that goes away takes its turn one last time: whatever it left open (an
 * exchange, a transaction, the statements it prepared) is ended on the session,
 * which no real backend's exit would do for us here.
 *
 * Drop-in for pglite-socket's QueryQueueManager (same methods), so the server can
 * use it in place of its own.
 */
import {
  closedStatementName,
  closeStatementMessage,
  endsTurn,
  preparedStatementName,
  ROLLBACK_MESSAGE,
  SYNC_MESSAGE,
} from "./session-messages.ts";

/**
 * The part of PGlite the queue drives. Only raw protocol calls inside
 * runExclusive: PGlite's lock is not re-entrant, and its exec()/query() take it
 * too, so calling them inside runExclusive waits forever.
 */
export type SessionDatabase = {
  isInTransaction(): boolean;
  runExclusive<T>(fn: () => Promise<T>): Promise<T>;
  execProtocolRawStream(message: Uint8Array, options: { onRawData: (data: Uint8Array) => void }): Promise<void>;
};

export type SessionQueueOptions = {
  /** Where a failed clean-up is reported; the queue goes on regardless. */
  log?: (line: string) => void;
};

type Pending = {
  readonly clientId: number;
  /** A protocol message to run, or null: the client has left, end what it left open. */
  readonly message: Uint8Array | null;
  readonly onData: (data: Uint8Array) => void;
  readonly resolve: (bytes: number) => void;
  readonly reject: (error: unknown) => void;
};

const discard = () => {};

export class SessionQueue {
  private queue: Pending[] = [];
  private processing = false;
  /** The client whose exchange or transaction is open on the session, if any. */
  private owner: number | null = null;
  /** The named statements each client has prepared and not closed. */
  private readonly statements = new Map<number, Set<string>>();

  constructor(private readonly db: SessionDatabase, private readonly options: SessionQueueOptions = {}) {}

  enqueue(clientId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ clientId, message, onData, resolve, reject });
      void this.processQueue();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  /** A client went away: its messages not yet run are dropped. */
  clearQueueForHandler(clientId: number): void {
    this.queue = this.queue.filter((p) => {
      if (p.clientId !== clientId || p.message === null) return true;
      p.reject(new Error("the client disconnected"));
      return false;
    });
  }

  /**
   * A client went away: resolves once whatever it left open is ended. Queued as
   * its last turn, so it runs after any message of the client's still running,
   * and never in the middle of another client's exchange. Never rejects
   * (pglite-socket does not catch it).
   */
  clearTransactionIfNeeded(clientId: number): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push({ clientId, message: null, onData: discard, resolve: () => resolve(), reject: () => resolve() });
      void this.processQueue();
    });
  }

  private next(): Pending | undefined {
    if (this.owner === null) return this.queue.shift();
    const index = this.queue.findIndex((p) => p.clientId === this.owner);
    // The owner's next message has not arrived yet: everyone else waits for it.
    return index === -1 ? undefined : this.queue.splice(index, 1)[0];
  }

  private async processQueue(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let pending = this.next(); pending; pending = this.next()) {
        if (pending.message !== null) {
          await this.run(pending, pending.message);
          continue;
        }
        await this.leave(pending.clientId);
        pending.resolve(0);
      }
    } finally {
      this.processing = false;
    }
  }

  private async run(pending: Pending, message: Uint8Array): Promise<void> {
    this.track(pending.clientId, message);
    let bytes = 0;
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(message, {
          onRawData: (data) => {
            bytes += data.length;
            pending.onData(data);
          },
        })
      );
    } catch (error) {
      // The session's state after a failed message is unknown: end it rather than wait on it.
      pending.reject(error);
      await this.endOpen(pending.clientId, []);
      return;
    }
    this.owner = endsTurn(message) && !this.db.isInTransaction() ? null : pending.clientId;
    pending.resolve(bytes);
  }

  /** Its last turn: by now nothing of the client runs, so what it owns is exactly what it left. */
  private async leave(clientId: number): Promise<void> {
    const statements = this.statements.get(clientId);
    this.statements.delete(clientId);
    if (this.owner !== clientId && !statements) return;
    await this.endOpen(clientId, [...(statements ?? [])]);
  }

  /** Ends an exchange, then a transaction, then closes `statements`; the session is nobody's afterwards. */
  private async endOpen(clientId: number, statements: readonly string[]): Promise<void> {
    // Raw messages, their answers dropped: no client is there to read them.
    const run = (message: Uint8Array) => this.db.execProtocolRawStream(message, { onRawData: discard });
    try {
      // One exclusive section for all of it: no other client's message can run in between.
      await this.db.runExclusive(async () => {
        // Sync first: after an error the server skips every message until one.
        await run(SYNC_MESSAGE);
        if (this.db.isInTransaction()) await run(ROLLBACK_MESSAGE);
        if (statements.length === 0) return;
        for (const name of statements) await run(closeStatementMessage(name));
        await run(SYNC_MESSAGE);
      });
    } catch (error) {
      // Everyone waiting on a session nobody will free is worse than a session in doubt.
      this.options.log?.(`could not end what client #${clientId} left open: ${error instanceof Error ? error.message : error}`);
    } finally {
      this.owner = null;
    }
  }

  private track(clientId: number, message: Uint8Array): void {
    const prepared = preparedStatementName(message);
    if (prepared !== null) {
      const names = this.statements.get(clientId) ?? new Set<string>();
      this.statements.set(clientId, names.add(prepared));
      return;
    }
    const closed = closedStatementName(message);
    if (closed !== null) this.statements.get(clientId)?.delete(closed);
  }
}
