import { describe, expect, test } from "bun:test";
import { createHash, createHmac, pbkdf2Sync } from "node:crypto";
import { PasswordGate, type ProtocolQueue } from "./password-gate.ts";

const PASSWORD = "0123456789abcdef0123456789abcdef";
const CLIENT_NONCE = "client-nonce-0123";

/** The real queue behind the gate, recording what reaches it. */
function recordingQueue() {
  const reached: { clientId: number; message: Uint8Array }[] = [];
  const left: number[] = [];
  const queue: ProtocolQueue = {
    enqueue(clientId, message, onData) {
      reached.push({ clientId, message });
      onData(new Uint8Array([0x5a])); // stands for PGlite's answer
      return Promise.resolve(1);
    },
    getQueueLength: () => 0,
    clearQueueForHandler: () => {},
    clearTransactionIfNeeded(clientId) {
      left.push(clientId);
      return Promise.resolve();
    },
  };
  return { queue, reached, left };
}

const encoder = new TextEncoder();

function frame(type: number | null, body: number[]): Uint8Array {
  const head = type === null ? [] : [type];
  const length = 4 + body.length;
  return new Uint8Array([...head, length >>> 24, (length >>> 16) & 255, (length >>> 8) & 255, length & 255, ...body]);
}
const int32 = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const cstring = (text: string) => [...encoder.encode(text), 0];

const STARTUP = frame(null, [...int32(196_608), ...cstring("user"), ...cstring("postgres"), ...cstring("database"), ...cstring("postgres"), 0]);
const saslInitial = (data: string, mechanism = "SCRAM-SHA-256") =>
  frame(0x70, [...cstring(mechanism), ...int32(data.length), ...encoder.encode(data)]);
const saslResponse = (data: string) => frame(0x70, [...encoder.encode(data)]);
const QUERY = frame(0x51, cstring("select 1"));

/** The client's side of the exchange, as postgres.js computes it. */
function clientFinal(serverFirst: string, password: string): string {
  const fields = Object.fromEntries(serverFirst.split(",").map((f) => [f[0], f.slice(2)]));
  const salted = pbkdf2Sync(password, Buffer.from(fields.s, "base64"), Number(fields.i), 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  const storedKey = createHash("sha256").update(clientKey).digest();
  const withoutProof = `c=biws,r=${fields.r}`;
  const signature = createHmac("sha256", storedKey).update(`n=*,r=${CLIENT_NONCE},${serverFirst},${withoutProof}`).digest();
  return `${withoutProof},p=${Buffer.from(clientKey.map((b, i) => b ^ signature[i])).toString("base64")}`;
}

/** One client's session with the gate: every packet sent, every byte answered. */
function session(gate: PasswordGate, clientId = 1) {
  const answers: Uint8Array[] = [];
  const send = (message: Uint8Array) => gate.enqueue(clientId, message, (data) => answers.push(data));
  return { answers, send };
}

const authType = (message: Uint8Array) => message[0] === 0x52 ? new DataView(message.buffer, message.byteOffset).getInt32(5) : null;
const saslText = (message: Uint8Array) => new TextDecoder().decode(message.subarray(9));
const errorFields = (message: Uint8Array) => {
  const text = new TextDecoder().decode(message.subarray(5));
  return Object.fromEntries(text.split("\0").filter((f) => f.length > 1).map((f) => [f[0], f.slice(1)]));
};

describe("PasswordGate", () => {
  test("asks for SCRAM-SHA-256 in answer to the startup packet, holding the packet back", async () => {
    const { queue, reached } = recordingQueue();
    const { answers, send } = session(new PasswordGate(queue, PASSWORD));
    await send(STARTUP);
    expect(reached).toEqual([]);
    expect(authType(answers[0])).toBe(10);
    expect(saslText(answers[0])).toBe("SCRAM-SHA-256\0\0");
  });

  test("lets the startup packet and everything after it through once the client proves the password", async () => {
    const { queue, reached } = recordingQueue();
    const { answers, send } = session(new PasswordGate(queue, PASSWORD, { nonce: () => "server-nonce" }));
    await send(STARTUP);
    await send(saslInitial(`n,,n=*,r=${CLIENT_NONCE}`));
    expect(authType(answers[1])).toBe(11);
    const serverFirst = saslText(answers[1]);
    expect(serverFirst).toMatch(new RegExp(`^r=${CLIENT_NONCE}server-nonce,s=[A-Za-z0-9+/]+=*,i=4096$`));
    await send(saslResponse(clientFinal(serverFirst, PASSWORD)));
    expect(authType(answers[2])).toBe(12);
    expect(saslText(answers[2])).toMatch(/^v=[A-Za-z0-9+/]+=*$/);
    expect(reached).toEqual([{ clientId: 1, message: STARTUP }]);
    expect(answers[3]).toEqual(new Uint8Array([0x5a]));
    await send(QUERY);
    expect(reached.map((r) => r.message)).toEqual([STARTUP, QUERY]);
  });

  test("refuses a wrong password with SQLSTATE 28P01, and nothing of the client ever reaches the database", async () => {
    const { queue, reached, left } = recordingQueue();
    const gate = new PasswordGate(queue, PASSWORD);
    const { answers, send } = session(gate);
    await send(STARTUP);
    await send(saslInitial(`n,,n=*,r=${CLIENT_NONCE}`));
    const refused = send(saslResponse(clientFinal(saslText(answers[1]), "not-the-password")));
    await expect(refused).rejects.toThrow("login refused: wrong password");
    expect(errorFields(answers[2])).toEqual({ S: "FATAL", V: "FATAL", C: "28P01", M: 'password authentication failed for user "postgres"' });
    // What it still sends (the same connection, until it is closed) is no new login.
    await expect(send(STARTUP)).rejects.toThrow("login refused");
    await expect(send(QUERY)).rejects.toThrow("login refused");
    await gate.clearTransactionIfNeeded(1);
    expect({ reached, left }).toEqual({ reached: [], left: [] });
  });

  test("refuses a query sent in place of the startup packet, and a login by another mechanism", async () => {
    const { queue, reached } = recordingQueue();
    const gate = new PasswordGate(queue, PASSWORD);
    const first = session(gate, 1);
    await expect(first.send(QUERY)).rejects.toThrow("login refused: no startup packet");
    expect(errorFields(first.answers[0]).C).toBe("08P01");
    const second = session(gate, 2);
    await second.send(STARTUP);
    await expect(second.send(saslInitial("n,,n=*,r=x", "PLAIN"))).rejects.toThrow("login refused: no SCRAM-SHA-256 response");
    // A cleartext password message in place of the SASL response.
    const third = session(gate, 3);
    await third.send(STARTUP);
    await expect(third.send(frame(0x70, cstring(PASSWORD)))).rejects.toThrow("login refused");
    expect(reached).toEqual([]);
  });

  test("declines GSSAPI encryption before the startup packet, as a server without it does", async () => {
    const { queue } = recordingQueue();
    const { answers, send } = session(new PasswordGate(queue, PASSWORD));
    await send(frame(null, int32(80_877_104)));
    expect(answers).toEqual([new Uint8Array([0x4e])]);
    await send(STARTUP);
    expect(authType(answers[1])).toBe(10);
  });

  test("hands a logged-in client's departure to the real queue, and forgets the login", async () => {
    const { queue, left } = recordingQueue();
    const gate = new PasswordGate(queue, PASSWORD);
    const { answers, send } = session(gate, 7);
    await send(STARTUP);
    await send(saslInitial(`n,,n=*,r=${CLIENT_NONCE}`));
    await send(saslResponse(clientFinal(saslText(answers[1]), PASSWORD)));
    await gate.clearTransactionIfNeeded(7);
    expect(left).toEqual([7]);
    // The same id again (ids are not reused, but nothing may count on it) must log in anew.
    const again = session(gate, 7);
    await again.send(STARTUP);
    expect(authType(again.answers[0])).toBe(10);
  });
});
