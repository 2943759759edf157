/**
 * The embedded database serves several processes at once. Its connections share
 * one session, so concurrent parameterised queries from different clients must
 * not disturb each other (they did with unnamed statements).
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { freePort } from "../../tests/support/free-port.ts";
import { connectDatabase } from "./connect-database.ts";
import { type EmbeddedDatabase, startEmbeddedDatabase } from "./embedded-database.ts";

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
