/**
 * The embedded database serves several processes at once. Its connections share
 * one session, so concurrent parameterised queries from different clients must
 * not disturb each other (they did with unnamed statements), and a client killed
 * with its transaction open must not leave the session to nobody (it did: every
 * client hung).
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { freePort } from "../../tests/support/free-port.ts";
import { connectDatabase } from "./connect-database.ts";
import { type EmbeddedDatabase, startEmbeddedDatabase } from "./embedded-database.ts";

const ROOT = join(import.meta.dir, "../..");

let server: EmbeddedDatabase;

beforeAll(async () => {
  server = await startEmbeddedDatabase({ port: await freePort(), dir: "memory://" });
});
afterAll(() => server?.stop());

test("concurrent parameterised queries from several clients all get their own answers", async () => {
  const clients = [0, 1, 2].map(() => connectDatabase(server.url, { max: 2 }));
  try {
    const runs = clients.flatMap((db, c) =>
      Array.from({ length: 150 }, async (_, i) => {
        // Different parameter counts per client: a mixed-up statement fails loudly.
        if (c === 0) return (await db.sql`select ${i}::int + ${c}::int as v`)[0].v === i + c;
        if (c === 1) return (await db.sql`select ${i}::int + ${c}::int + ${1}::int + ${2}::int as v`)[0].v === i + c + 3;
        return (await db.sql`select ${String(i)}::text || ${"x"}::text || ${"y"}::text || ${"z"}::text || ${"w"}::text as v`)[0].v === `${i}xyzw`;
      })
    );
    const results = await Promise.allSettled(runs);
    expect(results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason).slice(0, 120))).toEqual([]);
    expect(results.every((r) => r.status === "fulfilled" && r.value === true)).toBe(true);
  } finally {
    await Promise.all(clients.map((db) => db.close()));
  }
});

test("new statements bound and executed while other clients run whole queries keep their portal", async () => {
  // A statement not prepared yet is described first, then bound and executed in a
  // second round trip; another client's Sync in between used to drop its portal.
  const clients = [0, 1, 2, 3].map(() => connectDatabase(server.url, { max: 2 }));
  try {
    const runs = clients.flatMap((db, c) =>
      Array.from({ length: 60 }, async (_, i) => {
        const items = [`c${c}`, `i${i}`];
        const [row] = await db.sql.unsafe(`select array_length($1::text[], 1) + ${c * 1000 + i} as v`, [items]);
        return row.v === 2 + c * 1000 + i;
      })
    );
    const results = await Promise.allSettled(runs);
    expect(results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason).slice(0, 120))).toEqual([]);
    expect(results.every((r) => r.status === "fulfilled" && r.value === true)).toBe(true);
  } finally {
    await Promise.all(clients.map((db) => db.close()));
  }
});

/** `promise`, or a rejection naming `what` once `ms` have passed: a hang fails fast. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

// A client process that prepares a statement, opens a transaction, writes in it,
// prints the names of the statements it prepared and waits to be killed.
const CLIENT_IN_TRANSACTION = `
import postgres from "postgres";
const sql = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
const names = async (q) => (await q.unsafe("select name from pg_prepared_statements")).map((r) => r.name);
const before = new Set(await names(sql));
await sql\`select \${1}::int as one\`;
await sql.begin(async (tx) => {
  await tx\`insert into killed_mid_transaction (n) values (\${7})\`;
  console.log(JSON.stringify((await names(tx)).filter((n) => !before.has(n))));
  await new Promise(() => {});
});
`;

test("a client killed with its transaction open is rolled back and every other client is answered within a second", async () => {
  const observer = connectDatabase(server.url, { max: 1 });
  const newcomer = connectDatabase(server.url, { max: 1 });
  try {
    // Simple queries only (no parameters): the observer prepares no statements of its own.
    await observer.sql.unsafe("create table killed_mid_transaction (n int)");
    const child = spawn(join(ROOT, "node_modules/.bin/bun"), ["-e", CLIENT_IN_TRANSACTION], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: server.url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise((r) => child.once("exit", r));
    const printed = new Promise<string>((resolve, reject) => {
      child.stdout!.once("data", (c: Buffer) => resolve(c.toString()));
      child.once("exit", (code) => reject(new Error(`the client exited with ${code} before its transaction was open:\n${stderr}`)));
    });
    const statements: string[] = JSON.parse(await within(15_000, "the client's transaction", printed));
    expect(statements.length).toBeGreaterThan(0);
    child.kill("SIGKILL");
    await exited;

    const [rows] = await within(1000, "the observer, connected before the kill", observer.sql.unsafe("select count(*)::int as n from killed_mid_transaction"));
    expect(rows.n).toBe(0);
    const [fresh] = await within(1000, "a connection opened after the kill", newcomer.sql.unsafe("select 1 as one"));
    expect(fresh.one).toBe(1);
    const left = await observer.sql.unsafe("select name from pg_prepared_statements");
    expect(left.map((r) => r.name).filter((name) => statements.includes(name))).toEqual([]);
  } finally {
    await Promise.all([observer.close(), newcomer.close()]);
  }
}, 30_000);
