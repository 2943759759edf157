import assert from "node:assert/strict";
import { connectDatabase } from "../infra/db/connect-database.ts";
import { createTestDatabase } from "../tests/support/test-database.ts";
import { loadUserAttributes, userAttributesVersion } from "./load-user-attributes.ts";

const integration = { sanitizeOps: false, sanitizeResources: false };

Deno.test({
  name: "loadUserAttributes() maps stored profiles to age bands and leaves out users without one; their version changes with them",
  ...integration,
}, async () => {
  const testDb = await createTestDatabase();
  const { sql, close } = connectDatabase(testDb.url);
  try {
    assert.deepEqual(await loadUserAttributes(sql), new Map());
    const empty = await userAttributesVersion(sql);
    await sql`
      insert into user_profiles (user_id, age, gender, occupation, fetched_at, reason)
      values (1, 17, 'F', 'K-12 student', now(), null), (2, 65, 'M', 'retired', now(), null),
             (3, null, null, null, now(), 'the user API does not know this user (404)')`;
    assert.deepEqual(
      await loadUserAttributes(sql),
      new Map([
        [1, { ageBand: "under 18", gender: "F", occupation: "K-12 student" }],
        [2, { ageBand: "65+", gender: "M", occupation: "retired" }],
      ]),
    );
    const stored = await userAttributesVersion(sql);
    assert.notEqual(stored, empty);
    assert.equal(await userAttributesVersion(sql), stored, "unchanged profiles keep their version");
  } finally {
    await close();
    await testDb.drop();
  }
});
