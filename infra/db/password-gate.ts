/**
 * The embedded database's login. PGlite trusts every connection, and pglite-socket hands
 * every packet of every connection to its queue; this queue sits in front of the real one
 * (SessionQueue) and lets a connection's packets through only once the client has proved
 * the password with SCRAM-SHA-256, as a Postgres server configured with `scram-sha-256`
 * in pg_hba.conf would ask. Until then nothing of the client reaches the database; a
 * client that fails is told so (SQLSTATE 28P01) and its connection closed.
 *
 * The startup packet is held back and handed to PGlite after the proof, so PGlite
 * answers it as before (AuthenticationOk, parameters, ReadyForQuery).
 */
import { randomBytes } from "node:crypto";
import {
  authenticationSasl,
  authenticationSaslContinue,
  authenticationSaslFinal,
  DECLINE_ENCRYPTION,
  fatalError,
  firstPacketKind,
  readSaslInitialResponse,
  readSaslResponse,
  SCRAM_SHA_256,
  startupUser,
} from "./auth-messages.ts";
import { type ScramExchange, scramServerFinal, scramServerFirst, scramVerifier, type ScramVerifier } from "./scram-sha-256.ts";

/** The queue interface pglite-socket drives (its QueryQueueManager's, and SessionQueue's). */
export type ProtocolQueue = {
  enqueue(clientId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number>;
  getQueueLength(): number;
  clearQueueForHandler(clientId: number): void;
  clearTransactionIfNeeded(clientId: number): Promise<void>;
};

type Login =
  | { readonly phase: "sasl-initial"; readonly startup: Uint8Array; readonly user: string }
  | { readonly phase: "sasl-final"; readonly startup: Uint8Array; readonly user: string; readonly exchange: ScramExchange }
  | { readonly phase: "in" }
  /** Refused: its connection is closing, and nothing it still sends counts as a new login. */
  | { readonly phase: "refused" };

export type PasswordGateOptions = {
  /** Where refused logins are reported. */
  log?: (line: string) => void;
  /** Server nonces; random unless a test fixes them. */
  nonce?: () => string;
};

/** SQLSTATE invalid_password, and protocol_violation. */
const INVALID_PASSWORD = "28P01";
const PROTOCOL_VIOLATION = "08P01";

export class PasswordGate implements ProtocolQueue {
  private readonly logins = new Map<number, Login>();
  private readonly verifier: ScramVerifier;
  private readonly nonce: () => string;

  constructor(private readonly inner: ProtocolQueue, password: string, private readonly options: PasswordGateOptions = {}) {
    // One salt per server run; the verifier is all the server keeps.
    this.verifier = scramVerifier(password, randomBytes(16));
    this.nonce = options.nonce ?? (() => randomBytes(18).toString("base64"));
  }

  enqueue(clientId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    const login = this.logins.get(clientId);
    if (login?.phase === "in") return this.inner.enqueue(clientId, message, onData);
    if (login === undefined) return this.start(clientId, message, onData);
    if (login.phase === "refused") return Promise.reject(new Error("login refused"));
    return login.phase === "sasl-initial"
      ? this.initial(clientId, login, message, onData)
      : this.final(clientId, login, message, onData);
  }

  getQueueLength(): number {
    return this.inner.getQueueLength();
  }

  clearQueueForHandler(clientId: number): void {
    if (this.logins.get(clientId)?.phase === "in") this.inner.clearQueueForHandler(clientId);
  }

  /** The client's last call: whatever it did not log in for never reached the database. */
  clearTransactionIfNeeded(clientId: number): Promise<void> {
    const login = this.logins.get(clientId);
    this.logins.delete(clientId);
    return login?.phase === "in" ? this.inner.clearTransactionIfNeeded(clientId) : Promise.resolve();
  }

  private start(clientId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    const kind = firstPacketKind(message);
    if (kind === "gssenc-request") {
      onData(DECLINE_ENCRYPTION);
      return Promise.resolve(DECLINE_ENCRYPTION.length);
    }
    if (kind !== "startup") return this.refuse(clientId, onData, PROTOCOL_VIOLATION, "expected a startup packet (protocol 3.0)", "no startup packet");
    const user = startupUser(message) ?? "";
    this.logins.set(clientId, { phase: "sasl-initial", startup: message, user });
    return this.send(onData, authenticationSasl());
  }

  private initial(clientId: number, login: Extract<Login, { phase: "sasl-initial" }>, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    const response = readSaslInitialResponse(message);
    if (response === null || response.mechanism !== SCRAM_SHA_256) {
      return this.refuse(clientId, onData, PROTOCOL_VIOLATION, `expected a ${SCRAM_SHA_256} login`, "no SCRAM-SHA-256 response");
    }
    const first = scramServerFirst(response.data, this.verifier, this.nonce());
    if (!first.ok) return this.refuse(clientId, onData, PROTOCOL_VIOLATION, `malformed ${SCRAM_SHA_256} message`, first.reason);
    this.logins.set(clientId, { ...login, phase: "sasl-final", exchange: first.value });
    return this.send(onData, authenticationSaslContinue(first.value.serverFirst));
  }

  private async final(clientId: number, login: Extract<Login, { phase: "sasl-final" }>, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    const response = readSaslResponse(message);
    const final = response === null ? null : scramServerFinal(response, login.exchange, this.verifier);
    if (final === null || !final.ok) {
      return await this.refuse(clientId, onData, INVALID_PASSWORD, `password authentication failed for user ${JSON.stringify(login.user)}`, final?.reason ?? "no SASL response");
    }
    this.logins.set(clientId, { phase: "in" });
    const proof = authenticationSaslFinal(final.value);
    onData(proof);
    return proof.length + await this.inner.enqueue(clientId, login.startup, onData);
  }

  private send(onData: (data: Uint8Array) => void, message: Uint8Array): Promise<number> {
    onData(message);
    return Promise.resolve(message.length);
  }

  /** Tells the client why, then fails its packet: pglite-socket closes a connection whose packet fails. */
  private refuse(clientId: number, onData: (data: Uint8Array) => void, code: string, told: string, reason: string): Promise<number> {
    this.logins.set(clientId, { phase: "refused" });
    onData(fatalError(code, told));
    this.options.log?.(`refused client #${clientId}: ${reason}`);
    return Promise.reject(new Error(`login refused: ${reason}`));
  }
}
