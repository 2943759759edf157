import assert from "node:assert/strict";
import {
  databaseIdentity,
  decodePersistedFallback,
  decodePersistedRules,
  encodePersistedFallback,
  encodePersistedRules,
} from "./persisted-state.ts";
import { routingRules } from "./testing/sample-rules.ts";

const DB = "127.0.0.1:5432/recommender";
const AT = new Date("2025-03-01T12:00:00.000Z");

Deno.test("databaseIdentity() names host, port and database, never the credentials", () => {
  assert.equal(
    databaseIdentity("postgres://app:s3cret@db.internal:6543/recommender"),
    "db.internal:6543/recommender",
  );
  assert.equal(databaseIdentity("postgresql://postgres@127.0.0.1/test"), "127.0.0.1:5432/test");
});

Deno.test("decodePersistedRules() reads back what encodePersistedRules() wrote", () => {
  const decoded = decodePersistedRules(encodePersistedRules(routingRules(7), DB, AT), DB);
  assert.deepEqual(decoded, {
    kind: "ok",
    value: routingRules(7),
    savedAt: "2025-03-01T12:00:00.000Z",
  });
});

Deno.test("decodePersistedRules() ignores the rules of another database", () => {
  const text = encodePersistedRules(routingRules(7), "10.0.0.9:5432/other", AT);
  assert.deepEqual(decodePersistedRules(text, DB), {
    kind: "other-database",
    database: "10.0.0.9:5432/other",
  });
});

Deno.test("decodePersistedRules() refuses a truncated file, another format and invalid rules, saying why", () => {
  const text = encodePersistedRules(routingRules(7), DB, AT);
  assert.deepEqual(decodePersistedRules(text.slice(0, 40), DB), {
    kind: "invalid",
    reason: "not JSON",
  });
  assert.deepEqual(decodePersistedRules("", DB), { kind: "invalid", reason: "not JSON" });
  const future = JSON.stringify({ ...JSON.parse(text), format: 2 });
  assert.equal(decodePersistedRules(future, DB).kind, "invalid");
  assert.match((decodePersistedRules(future, DB) as { reason: string }).reason, /^format: /);
  const broken = JSON.stringify({
    ...JSON.parse(text),
    rules: { ...routingRules(7), defaultPool: "nowhere" },
  });
  const decoded = decodePersistedRules(broken, DB);
  assert.equal(decoded.kind, "invalid");
  assert.match(
    (decoded as { reason: string }).reason,
    /^invalid rules: defaultPool: pool "nowhere" is not in pools/,
  );
  assert.deepEqual(decodePersistedRules("[1,2]", DB), {
    kind: "invalid",
    reason: "(file): Invalid input: expected object, received array",
  });
});

Deno.test("decodePersistedFallback() reads back a list, cleaned like a loaded one", () => {
  const text = encodePersistedFallback(
    { items: ["heat+1995", "akira+1988"], source: "registry:als-3" },
    DB,
    AT,
  );
  assert.deepEqual(decodePersistedFallback(text, DB), {
    kind: "ok",
    value: { items: ["heat+1995", "akira+1988"], source: "registry:als-3" },
    savedAt: "2025-03-01T12:00:00.000Z",
  });
  const hostile = JSON.stringify({
    ...JSON.parse(text),
    items: ["heat+1995", "heat+1995", "a,b", 7, "akira+1988"],
  });
  assert.deepEqual(decodePersistedFallback(hostile, DB), {
    kind: "ok",
    value: { items: ["heat+1995", "akira+1988"], source: "registry:als-3" },
    savedAt: "2025-03-01T12:00:00.000Z",
  });
});

Deno.test("decodePersistedFallback() refuses a list without one valid id", () => {
  const text = JSON.stringify({
    format: 1,
    database: DB,
    savedAt: AT.toISOString(),
    source: "watch_sessions",
    items: ["a,b", 3],
  });
  assert.deepEqual(decodePersistedFallback(text, DB), {
    kind: "invalid",
    reason: "no valid movie id in the list",
  });
});
