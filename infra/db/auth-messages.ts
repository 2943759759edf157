/**
 * The wire-protocol messages of a Postgres login that PasswordGate reads and writes: the
 * client's startup packet and SASL responses, the server's authentication requests and
 * its error. Readers take hostile bytes and answer null for anything malformed.
 */

/** Protocol 3.0, the only one spoken (the startup packet's second word). */
const PROTOCOL_3_0 = 196_608;
/** A request to encrypt with GSSAPI, sent before the startup packet by some libpq builds. */
const GSSENC_REQUEST = 80_877_104;
const PASSWORD_MESSAGE = 0x70; // 'p': SASLInitialResponse and SASLResponse
const AUTHENTICATION = 0x52; // 'R'
const ERROR_RESPONSE = 0x45; // 'E'

/** The SASL mechanism offered and accepted. */
export const SCRAM_SHA_256 = "SCRAM-SHA-256";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** What a login's first packet is: the startup packet, a GSSAPI-encryption request, or neither. */
export function firstPacketKind(message: Uint8Array): "startup" | "gssenc-request" | "other" {
  if (message.length < 8 || message[0] !== 0) return "other";
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  if (view.getInt32(0) !== message.length) return "other";
  const code = view.getInt32(4);
  if (code === PROTOCOL_3_0) return "startup";
  return code === GSSENC_REQUEST && message.length === 8 ? "gssenc-request" : "other";
}

/** The `user` a startup packet names, or null when it names none or is malformed. */
export function startupUser(message: Uint8Array): string | null {
  const fields = _cstrings(message.subarray(8));
  if (fields === null) return null;
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === "user") return fields[i + 1];
  return null;
}

/** A SASLInitialResponse's mechanism and data, or null when `message` is not one. */
export function readSaslInitialResponse(message: Uint8Array): { mechanism: string; data: string } | null {
  const body = _passwordMessageBody(message);
  if (body === null) return null;
  const end = body.indexOf(0);
  if (end <= 0 || end + 5 > body.length) return null;
  const mechanism = _text(body.subarray(0, end));
  const length = new DataView(body.buffer, body.byteOffset + end + 1, 4).getInt32(0);
  const data = body.subarray(end + 5);
  if (mechanism === null || length !== data.length) return null;
  const text = _text(data);
  return text === null ? null : { mechanism, data: text };
}

/** A SASLResponse's data, or null when `message` is not one. */
export function readSaslResponse(message: Uint8Array): string | null {
  const body = _passwordMessageBody(message);
  return body === null ? null : _text(body);
}

/** AuthenticationSASL offering SCRAM-SHA-256 alone. */
export function authenticationSasl(): Uint8Array {
  return _message(AUTHENTICATION, [_int32(10), encoder.encode(SCRAM_SHA_256), [0, 0]]);
}

/** AuthenticationSASLContinue carrying the server-first-message. */
export function authenticationSaslContinue(data: string): Uint8Array {
  return _message(AUTHENTICATION, [_int32(11), encoder.encode(data)]);
}

/** AuthenticationSASLFinal carrying the server-final-message. */
export function authenticationSaslFinal(data: string): Uint8Array {
  return _message(AUTHENTICATION, [_int32(12), encoder.encode(data)]);
}

/** A FATAL ErrorResponse with SQLSTATE `code`: the last thing a refused client hears. */
export function fatalError(code: string, text: string): Uint8Array {
  const field = (type: string, value: string) => [type.charCodeAt(0), ...encoder.encode(value), 0];
  return _message(ERROR_RESPONSE, [field("S", "FATAL"), field("V", "FATAL"), field("C", code), field("M", text), [0]]);
}

/** The single byte that declines an SSL or GSSAPI encryption request. */
export const DECLINE_ENCRYPTION = new Uint8Array([0x4e]); // 'N'

function _passwordMessageBody(message: Uint8Array): Uint8Array | null {
  if (message.length < 5 || message[0] !== PASSWORD_MESSAGE) return null;
  const length = new DataView(message.buffer, message.byteOffset + 1, 4).getInt32(0);
  return length === message.length - 1 ? message.subarray(5) : null;
}

/** NUL-terminated strings up to the final empty one, or null when malformed. */
function _cstrings(bytes: Uint8Array): string[] | null {
  const out: string[] = [];
  let at = 0;
  while (at < bytes.length) {
    const end = bytes.indexOf(0, at);
    if (end < 0) return null;
    if (end === at) return out;
    const text = _text(bytes.subarray(at, end));
    if (text === null) return null;
    out.push(text);
    at = end + 1;
  }
  return null;
}

function _text(bytes: Uint8Array): string | null {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

function _int32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setInt32(0, value);
  return bytes;
}

function _message(type: number, parts: ArrayLike<number>[]): Uint8Array {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const message = new Uint8Array(5 + length);
  message[0] = type;
  new DataView(message.buffer).setInt32(1, 4 + length);
  let at = 5;
  for (const part of parts) {
    message.set(part, at);
    at += part.length;
  }
  return message;
}
