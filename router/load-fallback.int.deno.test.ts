import assert from "node:assert/strict";
import { connectDatabase } from "../infra/db/connect-database.ts";
import { createTestDatabase } from "../tests/support/test-database.ts";
import { loadFallback } from "./load-fallback.ts";

const integration = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name: "loadFallback() prefers the production model's popular list, else the most-watched movies",
  ...integration,
}, async () => {
  const testDb = await createTestDatabase();
  const { sql, close } = connectDatabase(testDb.url);
  try {
    assert.equal(await loadFallback(sql), null);
    await sql`
      insert into watch_sessions (user_id, movie_id, first_time, last_time, minutes, minute_count, max_minute)
      select u, m, now(), now(), '{1}', 1, 1
      from (values (1, 'heat+1995'), (2, 'heat+1995'), (1, 'akira+1988')) as w(u, m)`;
    assert.deepEqual(await loadFallback(sql), {
      items: ["heat+1995", "akira+1988"],
      source: "watch_sessions",
    });
    const manifest = JSON.stringify({ popular: ["inception+2010", "heat+1995"] });
    await sql`
      insert into models (version, algorithm, artifact_path, manifest, metrics, snapshot_id, code_commit, status)
      values ('als-1', 'als-explicit', '/tmp/als-1', ${manifest}::jsonb, '{}', 's1', 'c1', 'production'),
             ('als-2', 'als-explicit', '/tmp/als-2', '{"popular": ["x+1"]}', '{}', 's1', 'c1', 'registered')`;
    assert.deepEqual(await loadFallback(sql), {
      items: ["inception+2010", "heat+1995"],
      source: "registry:als-1",
    });
  } finally {
    await close();
    await testDb.drop();
  }
});
