/**
 * The frontend messages of the Postgres wire protocol that SessionQueue reads
 * (whose turn ends, which named statements a client prepares and closes) and
 * writes (to end what a client left open on the shared session). Every message is
 * a type byte, a 4-byte big-endian length that counts itself, then the body.
 */

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'
const PARSE = 0x50; // 'P'
const CLOSE = 0x43; // 'C'
const STATEMENT = 0x53; // 'S', Close's target kind (a prepared statement, not a portal)

/** Ends any extended-protocol exchange, and leaves an error's skip-until-Sync state. */
export const SYNC_MESSAGE = new Uint8Array([SYNC, 0, 0, 0, 4]);

/** A simple Query that ends the open transaction, committed to nothing. */
export const ROLLBACK_MESSAGE = _simpleQuery("ROLLBACK");

/**
 * True when `message` ends a client's turn: a Sync or simple Query (the server
 * answers ReadyForQuery after it), Terminate, or a startup/SSL packet (no type
 * byte: its first byte is the high byte of a length, 0 for any real packet).
 */
export function endsTurn(message: Uint8Array): boolean {
  const type = message[0];
  return type === SYNC || type === QUERY || type === TERMINATE || type === 0;
}

/** The name a Parse message prepares a statement under; null for other messages and the unnamed statement. */
export function preparedStatementName(message: Uint8Array): string | null {
  return message[0] === PARSE ? _nameAt(message, 5) : null;
}

/** The statement a Close message closes; null for other messages, portals and the unnamed statement. */
export function closedStatementName(message: Uint8Array): string | null {
  return message[0] === CLOSE && message[5] === STATEMENT ? _nameAt(message, 6) : null;
}

/** A Close message for the named prepared statement (closing one that does not exist is no error). */
export function closeStatementMessage(name: string): Uint8Array {
  const body = [STATEMENT, ...Array.from(name, (c) => c.charCodeAt(0)), 0];
  return _message(CLOSE, body);
}

function _simpleQuery(sql: string): Uint8Array {
  return _message(QUERY, [...new TextEncoder().encode(sql), 0]);
}

function _message(type: number, body: number[]): Uint8Array {
  const message = new Uint8Array(5 + body.length);
  message[0] = type;
  new DataView(message.buffer).setInt32(1, 4 + body.length);
  message.set(body, 5);
  return message;
}

/**
 * The NUL-terminated name at `offset`, one char per byte so that any byte
 * sequence maps back exactly; null when it is empty or not terminated.
 */
function _nameAt(message: Uint8Array, offset: number): string | null {
  const end = message.indexOf(0, offset);
  if (end <= offset) return null;
  // No spread: a hostile name may be longer than the engine takes arguments.
  return Array.from(message.subarray(offset, end), (byte) => String.fromCharCode(byte)).join("");
}
