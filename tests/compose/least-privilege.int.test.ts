/**
 * The compose roles on a real database: ops/postgres/roles.sql runs on a migrated one, and
 * each role's privileges are compared with what its service's code writes and reads
 * (table-access.ts): exactly its writes, its triggers' included, and at least its reads.
 * The rules writer also runs as the router's role, triggers and audit included.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type postgres from "postgres";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { migrateDatabase } from "../../infra/db/migrate-database.ts";
import { writeRules } from "../../infra/rules/rules-store.ts";
import cases from "../../shared/rules/cases.json" with { type: "json" };
import { RuleSet } from "../../shared/rules/index.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { databaseLogins, OWNER, readProjectFile, ROOT, serviceRoles } from "./database-logins.ts";
import { schemaOf, tableAccess, type WritePrivilege } from "./table-access.ts";

describe("ops/postgres/roles.sql on a migrated database", () => {
  let database: TestDatabase;
  let connection: Database;
  let admin: postgres.Sql;

  beforeAll(async () => {
    database = await createTestDatabase();
    // The product's own connection: its writers expect the serializers connectDatabase sets.
    connection = connectDatabase(database.url, { max: 1, applicationName: "least-privilege-test" });
    admin = connection.sql;
    // No parameters: the simple protocol, which runs the file's statements in order.
    await admin.unsafe(readProjectFile("ops/postgres/roles.sql"));
  });

  afterAll(async () => {
    // Roles outlive a database on a real server: take them away with it.
    if (database?.kind === "postgres") {
      for (const role of serviceRoles) await admin.unsafe(`drop owned by ${role}`);
      await connection.close();
      await database.drop();
      const server = new URL(database.url);
      server.pathname = "/postgres";
      const cleanup = connectDatabase(server.toString(), { max: 1, applicationName: "least-privilege-test" });
      // Another run's database may still hold grants to a role: that run drops it.
      for (const role of serviceRoles) await cleanup.sql.unsafe(`drop role if exists ${role}`).catch(() => {});
      await cleanup.close();
    } else {
      await connection?.close();
      await database?.drop();
    }
  });

  /** `role`'s privileges on every table: writes as `table:PRIVILEGE`, and the tables it may read. */
  async function privilegesOf(role: string) {
    const rows = await admin<{ table: string; privilege: string }[]>`
      select c.relname as table, p.privilege
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      cross join unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) as p(privilege)
      where n.nspname = 'public' and c.relkind in ('r', 'p') and has_table_privilege(${role}, c.oid, p.privilege)`;
    return {
      writes: rows.filter((r) => r.privilege !== "SELECT").map((r) => `${r.table}:${r.privilege}`).sort(),
      reads: new Set(rows.filter((r) => r.privilege === "SELECT").map((r) => r.table)),
    };
  }

  const byRole = new Map(databaseLogins.filter((s) => s.role !== OWNER).map((s) => [s.role!, s.entry!]));
  const serialTables = schemaOf(ROOT).serialTables;

  for (const [role, entry] of byRole) {
    test(`${role} may write exactly what ${entry} writes, and read at least what it reads`, async () => {
      const access = tableAccess(ROOT, entry);
      const needed = [...access.writes].flatMap(([table, privileges]) => [...privileges].map((p: WritePrivilege) => `${table}:${p}`)).sort();
      const granted = await privilegesOf(role);
      expect({ role, writes: granted.writes, evidence: access.evidence }).toEqual({ role, writes: needed, evidence: access.evidence });
      expect({ role, unreadable: [...access.reads].filter((t) => !granted.reads.has(t)).sort() }).toEqual({ role, unreadable: [] });
    });

    test(`${role} numbers the rows it inserts from their sequences, and no other sequence`, async () => {
      const inserts = [...tableAccess(ROOT, entry).writes].filter(([t, p]) => p.has("INSERT") && serialTables.has(t)).map(([t]) => t).sort();
      // A serial column's sequence depends on its table ('a'uto): the table names it here.
      const rows = await admin<{ table: string }[]>`
        select t.relname as table
        from pg_class s
        join pg_depend d on d.objid = s.oid and d.classid = 'pg_class'::regclass and d.deptype = 'a'
        join pg_class t on t.oid = d.refobjid
        join pg_namespace n on n.oid = t.relnamespace
        where s.relkind = 'S' and n.nspname = 'public'
          -- CASE: the check must not run on what is not a sequence, whatever order the planner picks.
          and case when s.relkind = 'S' then has_sequence_privilege(${role}, s.oid, 'USAGE') else false end`;
      expect({ role, sequences: rows.map((r) => r.table).sort() }).toEqual({ role, sequences: inserts });
    });

    test(`${role} is a login and nothing more: no superuser, no schema or database of its own, no temporary tables`, async () => {
      const [attributes] = await admin`
        select rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls from pg_roles where rolname = ${role}`;
      expect(attributes).toEqual({ rolcanlogin: true, rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolreplication: false, rolbypassrls: false });
      const [rights] = await admin`
        select has_schema_privilege(${role}, 'public', 'CREATE') as create_in_public,
          has_database_privilege(${role}, current_database(), 'CREATE') as create_schema,
          has_database_privilege(${role}, current_database(), 'TEMPORARY') as temporary,
          has_database_privilege(${role}, current_database(), 'CONNECT') as connect,
          has_table_privilege(${role}, 'drizzle.__drizzle_migrations', 'SELECT') as reads_migrations,
          has_table_privilege(${role}, 'drizzle.__drizzle_migrations', 'INSERT') as writes_migrations`;
      expect(rights).toEqual({
        create_in_public: false, create_schema: false, temporary: false, connect: true, reads_migrations: true, writes_migrations: false,
      });
    });
  }

  /** `sql` whose transactions run as `role`, as a login of that role would. */
  const asRole = (role: string) =>
    ({
      begin: <T>(work: (tx: postgres.TransactionSql) => Promise<T>) =>
        admin.begin(async (tx) => {
          await tx.unsafe(`set local role ${role}`);
          return await work(tx);
        }),
    }) as unknown as postgres.Sql;

  test("the router's role writes the rules through the admin API's writer and by plain SQL, triggers included", async () => {
    const rules = RuleSet.parse({ ...cases.ruleSets.routing, version: 1 });
    const written = await writeRules(asRole("recommender_router"), rules, { actor: "least-privilege-test", source: "api" });
    expect(written.changed).toBe(true);
    // A plain-SQL edit is audited by the trigger, as the editor.
    await asRole("recommender_router").begin((tx) => tx`update rules_pools set position = position`);
    const audit = await admin`select source, actor from rules_audit order by id`;
    expect(audit.map((row) => row.source)).toEqual(["api", "sql"]);
    expect(audit[1].actor).toStartWith("recommender_router");
  });

  // Every service calls migrateDatabase at start; under its own role that must be a read of
  // the ledger, not a CREATE SCHEMA it may not run. Only a real server lets a role log in
  // (trust); the embedded one has a single login.
  test.if(process.env.TEST_DATABASE !== "embedded")("a service's role finds the schema current without changing it", async () => {
    if (database.kind !== "postgres") return;
    const asRouter = new URL(database.url);
    asRouter.username = "recommender_router";
    asRouter.password = "";
    await migrateDatabase(asRouter.toString());
    const [ledger] = await admin`select count(*)::int as n from drizzle.__drizzle_migrations`;
    expect(ledger.n).toBeGreaterThan(0);
  });

  test("the router's role may not register a model, nor the worker's change one", async () => {
    const refused = (role: string, statement: string) =>
      asRole(role).begin((tx) => tx.unsafe(statement)).then(() => "allowed", (error: { code?: string }) => error.code);
    expect(await refused("recommender_router", "insert into models (version) values ('x')")).toBe("42501");
    expect(await refused("recommender_worker", "update models set status = 'retired'")).toBe("42501");
    expect(await refused("recommender_ingest", "delete from rules_pools")).toBe("42501");
  });
});
