/**
 * The embedded database asks every client for its port's password: a client with the URL
 * the launcher hands out gets in, one without it or with another gets nothing run.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createConnection } from "node:net";
import postgres from "postgres";
import { freePort } from "../../tests/support/free-port.ts";
import { embeddedDatabasePassword } from "./embedded-database-password.ts";
import { type EmbeddedDatabase, embeddedDatabaseUrl, startEmbeddedDatabase, waitForQuery } from "./embedded-database.ts";

let server: EmbeddedDatabase;
let port: number;

beforeAll(async () => {
  port = await freePort();
  server = await startEmbeddedDatabase({ port, dir: "memory://" });
});
afterAll(() => server?.stop());

/**
 * Sends `packet` as a fresh connection's first bytes; what the server answers, once its
 * first message is whole (`until: "message"`) or once it closes the connection.
 */
function exchange(packet: Uint8Array, until: "message" | "close"): Promise<{ bytes: Buffer; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    const chunks: Buffer[] = [];
    const finish = (closed: boolean) => {
      socket.destroy();
      resolve({ bytes: Buffer.concat(chunks), closed });
    };
    socket.on("connect", () => socket.write(packet));
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      const bytes = Buffer.concat(chunks);
      if (until === "message" && bytes.length >= 5 && bytes.length >= 1 + bytes.readInt32BE(1)) finish(false);
    });
    socket.on("close", () => finish(true));
    socket.on("error", () => finish(true));
  });
}

const startupPacket = () => {
  const body = Buffer.from("user\0postgres\0database\0postgres\0\0");
  const packet = Buffer.alloc(8 + body.length);
  packet.writeInt32BE(packet.length, 0);
  packet.writeInt32BE(196_608, 4);
  body.copy(packet, 8);
  return packet;
};

test("the URL it hands out carries the port's password, and logs in", async () => {
  expect(server.url).toBe(`postgres://postgres:${embeddedDatabasePassword(port)}@127.0.0.1:${port}/postgres`);
  expect(embeddedDatabaseUrl(port)).toBe(server.url);
  const sql = postgres(server.url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`select current_user as who`;
    expect(row).toEqual({ who: "postgres" });
  } finally {
    await sql.end();
  }
});

test("a wrong password is refused with SQLSTATE 28P01", async () => {
  const wrong = server.url.replace(embeddedDatabasePassword(port), "0".repeat(64));
  const sql = postgres(wrong, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    const failure = await sql`select 1`.then(() => null, (error: { code?: string; message?: string }) => error);
    expect({ code: failure?.code, message: failure?.message }).toEqual({
      code: "28P01",
      message: 'password authentication failed for user "postgres"',
    });
  } finally {
    await sql.end({ timeout: 1 });
  }
});

test("a client that sends the startup packet is asked for SCRAM-SHA-256, not let in", async () => {
  const { bytes } = await exchange(startupPacket(), "message");
  // AuthenticationSASL (R, code 10) offering SCRAM-SHA-256, and no AuthenticationOk (code 0).
  expect(bytes[0]).toBe(0x52);
  expect(bytes.readInt32BE(5)).toBe(10);
  expect(bytes.subarray(9).toString()).toBe("SCRAM-SHA-256\0\0");
});

test("a query sent without a login is answered with a protocol error, and the connection closed", async () => {
  const query = Buffer.from("Q\0\0\0\x0dselect 1\0", "latin1");
  const { bytes, closed } = await exchange(query, "close");
  expect(closed).toBe(true);
  expect(bytes[0]).toBe(0x45); // ErrorResponse
  expect(bytes.toString("latin1")).toContain("C08P01\0");
});

test("waitForQuery() names the URL without its password when the database does not answer", async () => {
  const dead = `postgres://postgres:${"f".repeat(64)}@127.0.0.1:${await freePort()}/postgres`;
  const failure = await waitForQuery(dead, 0).then(() => null, (error: Error) => error.message);
  expect(failure).toStartWith("The database at postgres://***@127.0.0.1:");
  expect(failure).not.toContain("f".repeat(64));
});
