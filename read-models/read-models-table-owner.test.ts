/**
 * `releases` and `experiment_designs` each have one reader in read-models/, which the status
 * page, the release command and the experiments commands and reports all call, and one
 * writer: release/state/release-store.ts and experiments/store/experiment-design-rows.ts.
 * Nothing else queries the tables, so the readers cannot drift apart (the status page once
 * had its own queries of both). The schema and migrations stay in shared/db; tests may seed
 * rows.
 */
import { describe, expect, test } from "bun:test";
import { globSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dir, "..");

/** Each table's one writer: it may insert, update and delete, but reads through the reader. */
const WRITERS: Record<string, string> = {
  releases: "release/state/release-store.ts",
  experiment_designs: "experiments/store/experiment-design-rows.ts",
};

// SQL naming a table (select/delete … from, join, insert into, update, truncate), or
// drizzle's table object imported from the schema.
const TABLE_SQL = /\b(from|join|into|update|truncate(\s+table)?)\s+"?(releases|experiment_designs)"?\b/i;
const TABLE_DRIZZLE = /import\s*(type\s*)?\{[^}]*\b(releases|experimentDesigns)\b[^}]*\}\s*from\s*["'][^"']*shared\/db\/[\w-]+(\.ts)?["']/;
// A read in the writer: a select naming the table on one line.
const SELECT_TABLE = /\bselect\b.*\bfrom\s+"?(releases|experiment_designs)"?\b/i;

/** The lines of `source` that query or write either table (1-based numbers), empty when none do. */
function _findTableAccess(source: string): number[] {
  if (TABLE_DRIZZLE.test(source)) return [source.slice(0, source.search(TABLE_DRIZZLE)).split("\n").length];
  return source.split("\n").flatMap((line, i) => (TABLE_SQL.test(line) ? [i + 1] : []));
}

/** The lines of the writer `source` that read either table with a one-line select. */
function _findWriterReads(source: string): number[] {
  return source.split("\n").flatMap((line, i) => (SELECT_TABLE.test(line) ? [i + 1] : []));
}

const exempt = (path: string) =>
  path.startsWith("read-models/") || path.startsWith("shared/db/") || path.startsWith("tests/") ||
  /\.test\.tsx?$/.test(path) || Object.values(WRITERS).includes(path);

describe("the releases and experiment_designs tables' owners", () => {
  test("_findTableAccess() flags SQL and drizzle access to either table, not the words in prose", () => {
    expect(_findTableAccess("a\n  const [r] = await sql`select state from releases where id = 1`;")).toEqual([2]);
    expect(_findTableAccess("await tx`update experiment_designs set started_at = now()`")).toEqual([1]);
    expect(_findTableAccess('insert into "releases" (id) values (1)')).toEqual([1]);
    expect(_findTableAccess("    from experiment_designs\n")).toEqual([1]);
    // Built from parts so the import checker does not read this string as an import of this file.
    expect(_findTableAccess(["import { releases }", 'from "../../shared/db/release-schema.ts";'].join(" "))).toEqual([1]);
    expect(_findTableAccess("// the releases page lists experiment designs\nconst dir = `/releases/${id}`;")).toEqual([]);
  });

  test("_findWriterReads() flags a select of either table, not the writer's insert, update or delete", () => {
    expect(_findWriterReads("const [row] = await sql`select state from releases where id = ${id}`;")).toEqual([1]);
    expect(_findWriterReads("await sql`delete from experiment_designs where key = ${key}`;")).toEqual([]);
    expect(_findWriterReads("select nextval(pg_get_serial_sequence('releases', 'id'))")).toEqual([]);
  });

  test("no module outside read-models/, the two writers, shared/db and the tests touches either table", () => {
    const files = globSync("**/*.{ts,tsx}", { cwd: root, exclude: (p) => p.includes("node_modules") || p.startsWith(".") })
      .filter((path) => !exempt(path));
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.flatMap((path) =>
      _findTableAccess(readFileSync(join(root, path), "utf8")).map((line) => `${path}:${line}`)
    );
    expect(offenders).toEqual([]);
  });

  test("the writers read their table only through read-models/", () => {
    const offenders = Object.values(WRITERS).flatMap((path) =>
      _findWriterReads(readFileSync(join(root, path), "utf8")).map((line) => `${path}:${line}`)
    );
    expect(offenders).toEqual([]);
  });
});
