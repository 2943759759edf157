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
