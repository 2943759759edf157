import { afterAll, beforeAll, expect, test } from "bun:test";
import { connectDatabase, type Database } from "../db/connect-database.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database.ts";
import cases from "../../shared/rules/cases.json" with { type: "json" };
import { parseRuleSet, RuleSet } from "../../shared/rules/index.ts";
import { readRules, readRulesVersion, writeRules } from "./rules-store.ts";

let testDb: TestDatabase;
let database: Database;
const experiments = RuleSet.parse(cases.ruleSets.experiments);
const routing = RuleSet.parse(cases.ruleSets.routing);

type AuditRow = {
  version: string;
  actor: string;
  source: string;
  change: unknown;
  document: unknown;
};
const audit = () =>
  database.sql<
    AuditRow[]
  >`select version::text, actor, source, change, document from rules_audit order by id`;

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url, { applicationName: "rules-store-test" });
});

afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

test("readRules() returns null before any rules were written", async () => {
  expect(await readRules(database.sql)).toBeNull();
  expect(await readRulesVersion(database.sql)).toBe(0);
});

test("writeRules() stores a document that reads back equal, with the new version", async () => {
  const result = await writeRules(database.sql, experiments, { actor: "test", source: "api" });
  expect(result.changed).toBe(true);
  expect(result.version).toBe(1);
  expect(await readRules(database.sql)).toEqual({ ...experiments, version: 1 });
  const [row] = await audit();
  expect(row).toMatchObject({ version: "1", actor: "test", source: "api" });
  expect(row.document).toEqual({ ...experiments, version: 1 });
});

test("writeRules() returns the diff, bumps the version once, and audits the write", async () => {
  const result = await writeRules(database.sql, routing, { actor: "ops", source: "cli" });
  expect(result.version).toBe(2);
  expect(result.diff.map((c) => `${c.change} ${c.section} ${c.name}`)).toContain(
    "removed experiments ranker-ab",
  );
  expect(await readRules(database.sql)).toEqual({ ...routing, version: 2 });
  const rows = await audit();
  expect(rows.length).toBe(2);
  expect(rows[1]).toMatchObject({ version: "2", actor: "ops", source: "cli" });
  expect((rows[1].change as { diff: unknown }).diff).toEqual(result.diff);
});

test("writeRules() stores nothing when the document is unchanged", async () => {
  const result = await writeRules(database.sql, { ...routing, version: 99 }, {
    actor: "ops",
    source: "cli",
  });
  expect(result).toEqual({ version: 2, diff: [], changed: false });
  expect(await readRulesVersion(database.sql)).toBe(2);
});

test("writeRules() with onlyIfEmpty leaves existing rules alone", async () => {
  const result = await writeRules(database.sql, experiments, {
    actor: "seed",
    source: "seed",
    onlyIfEmpty: true,
  });
  expect(result.changed).toBe(false);
  expect(await readRules(database.sql)).toEqual({ ...routing, version: 2 });
});

test("a plain-SQL transaction bumps the version once and is audited as sql with its statements", async () => {
  await database.sql.begin(async (tx) => {
    await tx`update rules_pools set urls = array['http://worker-4:8080'] where name = 'canary'`;
    await tx`delete from rules_routes where name = 'staff'`;
  });
  expect(await readRulesVersion(database.sql)).toBe(3);
  const rows = await audit();
  const last = rows[rows.length - 1];
  expect(last).toMatchObject({ version: "3", source: "sql" });
  // The embedded server multiplexes sessions and drops application_name.
  expect(last.actor).toMatch(/^postgres( \(rules-store-test\))?$/);
  const statements =
    (last.change as { statements: { table: string; operation: string }[] }).statements;
  expect(statements.map((s) => `${s.operation} ${s.table}`)).toEqual([
    "UPDATE rules_pools",
    "DELETE rules_routes",
  ]);
  const stored = parseRuleSet(await readRules(database.sql));
  expect(stored.ok && stored.rules.pools.canary.urls).toEqual(["http://worker-4:8080"]);
  expect(last.document).toEqual(await readRules(database.sql));
});

test("readRules() returns a SQL edit that breaks the document, for the caller to refuse", async () => {
  await database
    .sql`insert into rules_pools (name, position, model_version, urls) values ('bad name!', 9, 'v', array['x'])`;
  const result = parseRuleSet(await readRules(database.sql));
  expect(result.ok).toBe(false);
  expect(result.ok ? [] : result.errors.join("\n")).toContain("bad name!");
});

const targeted = RuleSet.parse({
  ...cases.ruleSets.experiments,
  routes: [
    { name: "staff", match: { users: [7, 42] }, pool: "debug" },
    {
      name: "young",
      match: { attributes: { ageBands: ["18-24", "25-34"] }, bucket: { salt: "y", from: 0, to: 0.5 } },
      pool: "canary",
    },
  ],
  experiments: [
    ...cases.ruleSets.experiments.experiments,
    {
      key: "women-writers",
      seed: "women-writers",
      coverage: 1,
      status: "running",
      targeting: { attributes: { genders: ["F"], occupations: ["writer", "K-12 student"] } },
      variants: [{ key: "on", weight: 0.5 }, { key: "off", weight: 0.5 }],
    },
    {
      key: "range-and-age",
      seed: "range-and-age",
      coverage: 1,
      status: "draft",
      targeting: { userRange: { from: 1, to: 99 }, attributes: { ageBands: ["under 18", "65+"] } },
      variants: [{ key: "on", weight: 0.5 }, { key: "off", weight: 0.5 }],
    },
  ],
});

test("writeRules() stores attribute targeting of routes and experiments that reads back equal", async () => {
  const result = await writeRules(database.sql, targeted, { actor: "test", source: "api" });
  expect(result.changed).toBe(true);
  expect(await readRules(database.sql)).toEqual({ ...targeted, version: result.version });
  const rows = await database.sql<{ name: string; attributes: string | null }[]>`
    select name, targeting_attributes::text as attributes from rules_routes order by position`;
  expect([...rows]).toEqual([
    { name: "staff", attributes: null },
    { name: "young", attributes: '{"ageBands": ["18-24", "25-34"]}' },
  ]);
});

test("a plain-SQL edit of targeting_attributes bumps the version and reaches the document", async () => {
  const before = await readRulesVersion(database.sql);
  await database.sql`
    update rules_experiments set targeting_attributes = '{"genders": ["M"]}'::jsonb
    where key = 'women-writers'`;
  expect(await readRulesVersion(database.sql)).toBe(before + 1);
  const stored = parseRuleSet(await readRules(database.sql));
  expect(stored.ok && stored.rules.experiments.find((e) => e.key === "women-writers")?.targeting)
    .toEqual({ attributes: { genders: ["M"] } });
  await database.sql`update rules_routes set targeting_attributes = null where name = 'young'`;
  expect(await readRulesVersion(database.sql)).toBe(before + 2);
  const after = parseRuleSet(await readRules(database.sql));
  expect(after.ok && after.rules.routes[1].match).toEqual({ bucket: { salt: "y", from: 0, to: 0.5 } });
});

test("the database refuses targeting_attributes that are not an object", async () => {
  await expect(
    database.sql`update rules_routes set targeting_attributes = '["18-24"]'::jsonb where name = 'young'`,
  ).rejects.toThrow(/rules_routes_targeting_attributes/);
});

test("writeRules() stores interleaving on a route and on a variant, and the document reads back equal", async () => {
  const interleaved = RuleSet.parse({
    ...cases.ruleSets.routing,
    routes: [{ name: "canary-mix", match: { users: [5] }, pool: "canary", interleave: { a: "stable", b: "canary" } }],
    experiments: [{
      key: "mix-test", seed: "mix-test", coverage: 1, status: "running",
      variants: [{ key: "mix", weight: 1, interleave: { a: "stable", b: "canary" } }, { key: "plain", weight: 0 }],
    }],
  });
  const result = await writeRules(database.sql, interleaved, { actor: "test", source: "api" });
  expect(result.changed).toBe(true);
  const stored = RuleSet.parse(await readRules(database.sql));
  expect(stored).toEqual({ ...interleaved, version: result.version });
  expect(stored.routes[0].interleave).toEqual({ a: "stable", b: "canary" });
  expect(stored.experiments[0].variants[0].interleave).toEqual({ a: "stable", b: "canary" });
});
