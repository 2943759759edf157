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
 * Drop-in for pglite-socket's QueryQueueManager (same methods), so the server can
 * use it in place of its own.
 */

/** The part of PGlite the queue drives. */
export type SessionDatabase = {
  isInTransaction(): boolean;
  runExclusive<T>(fn: () => Promise<T>): Promise<T>;
  execProtocolRawStream(message: Uint8Array, options: { onRawData: (data: Uint8Array) => void }): Promise<void>;
  execProtocolRaw(message: Uint8Array): Promise<Uint8Array>;
  exec(query: string): Promise<unknown>;
};

type Pending = {
  readonly clientId: number;
  readonly message: Uint8Array;
  readonly onData: (data: Uint8Array) => void;
  readonly resolve: (bytes: number) => void;
  readonly reject: (error: unknown) => void;
};

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'
const SYNC_MESSAGE = new Uint8Array([SYNC, 0, 0, 0, 4]);

/**
 * True when `message` ends a client's turn: a Sync or simple Query (the server
 * answers ReadyForQuery after it), Terminate, or a startup/SSL packet (no type
 * byte: its first byte is the high byte of a length, 0 for any real packet).
 */
export function endsTurn(message: Uint8Array): boolean {
  const type = message[0];
  return type === SYNC || type === QUERY || type === TERMINATE || type === 0;
}

export class SessionQueue {
  private queue: Pending[] = [];
  private processing = false;
  /** The client whose exchange or transaction is open on the session, if any. */
  private owner: number | null = null;
  /** Clients that went away; a message of theirs still running must not leave them owning the session. */
  private readonly gone = new Set<number>();

  constructor(private readonly db: SessionDatabase) {}

  enqueue(clientId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ clientId, message, onData, resolve, reject });
      void this.processQueue();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(clientId: number): void {
    this.gone.add(clientId);
    this.queue = this.queue.filter((p) => {
      if (p.clientId !== clientId) return true;
      p.reject(new Error("the client disconnected"));
      return false;
    });
  }

  /** A client went away: end whatever it left open so the others can go on. */
  async clearTransactionIfNeeded(clientId: number): Promise<void> {
    if (this.owner !== clientId) return;
    await this.releaseSession();
    await this.processQueue();
  }

  /** Ends whatever the owner left open (an exchange, even after an error; a transaction) and frees the session. */
  private async releaseSession(): Promise<void> {
    try {
      await this.db.runExclusive(async () => {
        await this.db.execProtocolRaw(SYNC_MESSAGE);
        if (this.db.isInTransaction()) await this.db.exec("ROLLBACK");
      });
    } finally {
      this.owner = null;
    }
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
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(pending!.message, {
              onRawData: (data) => {
                bytes += data.length;
                pending!.onData(data);
              },
            })
          );
        } catch (error) {
          // The session's state after a failed message is unknown: end it rather than wait on it.
          pending.reject(error);
          await this.releaseSession().catch(() => {});
          continue;
        }
        this.owner = endsTurn(pending.message) && !this.db.isInTransaction() ? null : pending.clientId;
        pending.resolve(bytes);
        // Its client left while the message ran: nobody will send the rest of its exchange.
        if (this.owner !== null && this.gone.has(this.owner)) await this.releaseSession().catch(() => {});
      }
    } finally {
      this.processing = false;
    }
  }
}
