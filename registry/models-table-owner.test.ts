/**
 * `models` has one owner: registry/. Every other module asks the registry's functions, so
 * the tables' readers cannot drift apart again (four readers once had four orders for "the
 * production model"). The schema and migrations stay in shared/db; tests may seed rows.
 */
import { describe, expect, test } from "bun:test";
import { globSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dir, "..");

// SQL naming the table (select/delete … from, join, insert into, update, truncate), or
// drizzle's `models` table object imported from the schema.
const MODELS_SQL = /\b(from|join|into|update|truncate(\s+table)?)\s+"?models"?\b/i;
const MODELS_DRIZZLE = /import\s*(type\s*)?\{[^}]*\bmodels\b[^}]*\}\s*from\s*["'][^"']*shared\/db\/schema(\.ts)?["']/;

/** The lines of `source` that query or write `models` (1-based numbers), empty when none do. */
function _findModelsAccess(source: string): number[] {
  if (MODELS_DRIZZLE.test(source)) return [1 + source.slice(0, source.search(MODELS_DRIZZLE)).split("\n").length - 1];
  return source.split("\n").flatMap((line, i) => (MODELS_SQL.test(line) ? [i + 1] : []));
}

const exempt = (path: string) =>
  path.startsWith("registry/") || path.startsWith("shared/db/") || path.startsWith("tests/") ||
  /\.test\.tsx?$/.test(path);

describe("the models table's owner", () => {
  test("_findModelsAccess() flags SQL and drizzle access to models, not the word in prose", () => {
    expect(_findModelsAccess("a\n  const [m] = await sql`select version from models where x`;")).toEqual([2]);
    expect(_findModelsAccess("await tx`update models set status = 'retired'`")).toEqual([1]);
    expect(_findModelsAccess("insert into \"models\" (version) values (1)")).toEqual([1]);
    // Built from parts so the import checker does not read this string as an import of this file.
    expect(_findModelsAccess(["import { models, ratings }", 'from "../../shared/db/schema.ts";'].join(" "))).toEqual([1]);
    expect(_findModelsAccess("// both models rank the same users; the release swaps models\nconst dir = `/models/${v}`;")).toEqual([]);
  });

  test("no module outside registry/, shared/db and the tests touches models", () => {
    const files = globSync("**/*.{ts,tsx}", { cwd: root, exclude: (p) => p.includes("node_modules") || p.startsWith(".") })
      .filter((path) => !exempt(path));
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.flatMap((path) =>
      _findModelsAccess(readFileSync(join(root, path), "utf8")).map((line) => `${path}:${line}`)
    );
    expect(offenders).toEqual([]);
  });
});
