/**
 * Connections lost at the two moments postgres.js 3.4.9 did not survive, through a
 * proxy the test cuts. Each ended the process (an uncaught exception, or an unhandled
 * rejection, which end every long-running process of ours), so one database blip
 * restarted ingestion and lost what it held in memory. patches/postgres@3.4.9.patch
 * mends both:
 * - inside a transaction: the rollback was queued on the dead connection, and its write
 *   threw from a timer; its bytes also went out ahead of the next connection's startup
 *   message, which then waited out the connect timeout;
 * - while a new connection fetched the array types: nothing awaited that query, so its
 *   failure was an unhandled rejection.
 * The queries involved fail as unavailable (callers retry them), and the pool answers
 * once the database is reachable again. The first mend had two faults of its own, for a
 * query sent on a connection cut while its transaction was idle: a large one (written at
 * once, not queued) left the connection where a dead one never comes back from, and a
 * small one stayed current, so closing the pool waited for its answer.
 */
import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database.ts";
import { startTcpProxy, type TcpProxy } from "../../tests/support/tcp-proxy.ts";
import { connectDatabase, type Database } from "./connect-database.ts";
import { isDatabaseUnavailable } from "./database-refusal.ts";

let testDb: TestDatabase;
const escaped: unknown[] = [];
const recordEscaped = (error: unknown) => void escaped.push(error);
const opened: { proxy: TcpProxy; database: Database }[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  process.on("uncaughtException", recordEscaped);
  process.on("unhandledRejection", recordEscaped);
});

afterEach(async () => {
  for (const { proxy, database } of opened.splice(0)) {
    await database.close();
    await proxy.close();
  }
});

afterAll(async () => {
  process.off("uncaughtException", recordEscaped);
  process.off("unhandledRejection", recordEscaped);
  await testDb?.drop();
});

/** A pool of one connection (the one cut is the one the next query needs) through a fresh proxy. */
async function throughProxy(): Promise<{ proxy: TcpProxy; database: Database }> {
  const url = new URL(testDb.url);
  const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.port = String(proxy.port);
  const pair = { proxy, database: connectDatabase(url.toString(), { max: 1 }) };
  opened.push(pair);
  return pair;
}

/** The error a query fails with, or null when it answers. */
const failureOf = (query: Promise<unknown>) => query.then(() => null, (error: unknown) => error);
/** Lets timers and immediates queued by the driver run, where the unpatched driver threw. */
const settle = () => new Promise((r) => setTimeout(r, 100));

test("a transaction whose connection is cut mid-query fails as unavailable, throws nothing elsewhere, and the pool answers once the database is back", async () => {
  const { proxy, database: { sql } } = await throughProxy();
  await sql`select 1`;
  const failure = await failureOf(sql.begin(async (tx) => {
    await tx`select 1`;
    const cutOnMarker = proxy.onClientBytes("cut-this-connection", () => proxy.cut());
    // Sent now (postgres.js sends a query once it is awaited or executed).
    const pending = tx`select 'cut-this-connection' as marker`.execute();
    await cutOnMarker;
    return await pending;
  }));
  expect(isDatabaseUnavailable(failure)).toBe(true);

  await settle();
  await proxy.restore();
  const [row] = await sql`select 2 as n`;
  expect(row.n).toBe(2);
  expect(escaped.map(String)).toEqual([]);
});

test("a connection cut while it fetches the array types fails its query as unavailable, rejects nothing unhandled, and the pool answers once the database is back", async () => {
  const { proxy, database: { sql } } = await throughProxy();
  // A new connection's first query waits for the array types, fetched by the driver itself.
  const cutOnTypes = proxy.onClientBytes("typarray", () => proxy.cut());
  const first = failureOf(sql`select 1`.execute());
  await cutOnTypes;
  expect(isDatabaseUnavailable(await first)).toBe(true);
  // While the database is unreachable the connection fails again, now with the refusal.
  expect(isDatabaseUnavailable(await failureOf(sql`select 2`.execute()))).toBe(true);

  await settle();
  await proxy.restore();
  const [row] = await sql`select array[3, 4]::int[] as ns`;
  expect(row.ns).toEqual([3, 4]); // the types were fetched on the next connection: arrays parse
  expect(escaped.map(String)).toEqual([]);
});

/**
 * Cuts the connection while its transaction is idle, then sends `statement` on it and
 * resolves with the statement's failure, once the rollback after it has run too.
 */
async function queryAfterIdleCut(proxy: TcpProxy, sql: Database["sql"], statement: string): Promise<unknown> {
  let statementFailed!: (failure: unknown) => void;
  const failure = new Promise<unknown>((resolve) => (statementFailed = resolve));
  // The transaction itself fails as soon as its connection closes, before the statement is sent.
  const transaction = failureOf(sql.begin(async (tx) => {
    await tx`select 1`;
    await proxy.cut();
    await settle(); // the connection has seen its socket close
    statementFailed(await failureOf(tx.unsafe(statement)));
  }));
  expect(isDatabaseUnavailable(await transaction)).toBe(true);
  const statementFailure = await failure;
  await settle();
  return statementFailure;
}

test("a large query on a connection cut while its transaction was idle fails as unavailable, and the pool answers the next query", async () => {
  const { proxy, database: { sql } } = await throughProxy();
  await sql`select 1`;
  // Over 1 KiB: the driver writes it at once instead of queueing it.
  const failure = await queryAfterIdleCut(proxy, sql, `select '${"x".repeat(2000)}' as large`);
  expect(isDatabaseUnavailable(failure)).toBe(true);

  await proxy.restore();
  const [row] = await sql`select 2 as n`;
  expect(row.n).toBe(2);
  expect(escaped.map(String)).toEqual([]);
});

test("a query on a connection cut while its transaction was idle fails as unavailable, and the pool still closes", async () => {
  const { proxy, database: { sql } } = await throughProxy();
  await sql`select 1`;
  const failure = await queryAfterIdleCut(proxy, sql, "select 'small' as small");
  expect(isDatabaseUnavailable(failure)).toBe(true);

  await proxy.restore();
  // No timeout: a query left current would hold this forever, and the test would time out.
  await sql.end();
  expect(escaped.map(String)).toEqual([]);
});
