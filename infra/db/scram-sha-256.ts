/**
 * The server's side of SCRAM-SHA-256 (RFC 5802, RFC 7677), the password exchange Postgres
 * and its clients (postgres.js, libpq) speak. The server keeps only a verifier, and the
 * client proves it knows the password without sending it: a process that merely listens
 * on the port learns nothing it could replay. No channel binding: the embedded database
 * speaks no TLS. Pure: salt and nonces come in from the caller.
 */
import { createHash, createHmac, pbkdf2Sync, timingSafeEqual } from "node:crypto";

/** What the server keeps of a password (RFC 5802 §3). */
export type ScramVerifier = {
  readonly salt: Buffer;
  readonly iterations: number;
  readonly storedKey: Buffer;
  readonly serverKey: Buffer;
};

/** The state between the server's first message and the client's proof. */
export type ScramExchange = {
  readonly gs2Header: string;
  readonly clientFirstBare: string;
  readonly serverFirst: string;
  readonly nonce: string;
};

export type ScramResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** Postgres's own default iteration count (scram_iterations). */
export const SCRAM_ITERATIONS = 4096;

const hmac = (key: Buffer, text: string) => createHmac("sha256", key).update(text, "utf8").digest();
const sha256 = (data: Buffer) => createHash("sha256").update(data).digest();

/**
 * The verifier of `password`. The password is used as given (no SASLprep): the embedded
 * database's passwords are hex digits, which SASLprep leaves alone.
 */
export function scramVerifier(password: string, salt: Buffer, iterations = SCRAM_ITERATIONS): ScramVerifier {
  const salted = pbkdf2Sync(Buffer.from(password, "utf8"), salt, iterations, 32, "sha256");
  return { salt, iterations, storedKey: sha256(hmac(salted, "Client Key")), serverKey: hmac(salted, "Server Key") };
}

// A nonce is printable ASCII but ',' (RFC 5802 §7); bounded, as every hostile input.
const NONCE = /^[\x21-\x2b\x2d-\x7e]{1,256}$/;

/**
 * The server-first-message answering `clientFirst` (`n,,n=<user>,r=<nonce>`), with
 * `serverNonce` (printable, no ',') appended to the client's nonce.
 */
export function scramServerFirst(clientFirst: string, verifier: ScramVerifier, serverNonce: string): ScramResult<ScramExchange> {
  // gs2-header: a channel-binding flag, then an empty authorisation identity.
  const header = /^([ny]),,/.exec(clientFirst);
  if (header === null) {
    return clientFirst.startsWith("p=")
      ? { ok: false, reason: "channel binding requested, but the server speaks no TLS" }
      : { ok: false, reason: "malformed client-first-message" };
  }
  const clientFirstBare = clientFirst.slice(header[0].length);
  // The user name is ignored, as Postgres does: the startup message named the user. A
  // mandatory extension (`m=…`, first) is one this server cannot know: refused.
  const bare = /^n=[^,]*,r=([^,]*)(?:,.*)?$/.exec(clientFirstBare);
  if (bare === null) return { ok: false, reason: "malformed client-first-message" };
  const clientNonce = bare[1];
  if (!NONCE.test(clientNonce) || !NONCE.test(serverNonce)) return { ok: false, reason: "malformed nonce" };
  const nonce = clientNonce + serverNonce;
  const serverFirst = `r=${nonce},s=${verifier.salt.toString("base64")},i=${verifier.iterations}`;
  return { ok: true, value: { gs2Header: header[0], clientFirstBare, serverFirst, nonce } };
}

/**
 * Checks the client's proof in `clientFinal` (`c=…,r=…,p=…`); the server-final-message
 * (`v=…`, which proves to the client that the server knew the verifier) when it holds.
 */
export function scramServerFinal(clientFinal: string, exchange: ScramExchange, verifier: ScramVerifier): ScramResult<string> {
  const proofAt = clientFinal.lastIndexOf(",p=");
  if (proofAt < 0) return { ok: false, reason: "malformed client-final-message" };
  const withoutProof = clientFinal.slice(0, proofAt);
  const fields = /^c=([A-Za-z0-9+/=]*),r=([^,]*)(?:,.*)?$/.exec(withoutProof);
  if (fields === null) return { ok: false, reason: "malformed client-final-message" };
  if (fields[1] !== Buffer.from(exchange.gs2Header, "utf8").toString("base64")) {
    return { ok: false, reason: "channel binding does not match the client-first-message" };
  }
  if (fields[2] !== exchange.nonce) return { ok: false, reason: "nonce does not match" };
  const proof = Buffer.from(clientFinal.slice(proofAt + 3), "base64");
  if (proof.length !== 32) return { ok: false, reason: "malformed proof" };
  const authMessage = `${exchange.clientFirstBare},${exchange.serverFirst},${withoutProof}`;
  const clientSignature = hmac(verifier.storedKey, authMessage);
  const clientKey = Buffer.from(proof.map((byte, i) => byte ^ clientSignature[i]));
  if (!timingSafeEqual(sha256(clientKey), verifier.storedKey)) return { ok: false, reason: "wrong password" };
  return { ok: true, value: `v=${hmac(verifier.serverKey, authMessage).toString("base64")}` };
}
