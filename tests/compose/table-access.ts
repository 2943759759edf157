/**
 * Which tables a service's code reads and writes, found statically: the SQL in every
 * function its entry file reaches. The compose roles (ops/postgres/roles.sql) are checked
 * against it, so a service that starts writing a table fails the test until its role may.
 *
 * Reached means: the entry file's own code, and every declaration of a module it imports
 * (transitively) that some reached code names: an imported name, or a name used by a
 * reached declaration of the same module. A module imported for one reader does not lend
 * its writers to the service (the router reads `models` through registry/model-registry.ts,
 * whose promoteModel it never calls). Found over-generously where in doubt: a write found
 * that never runs asks for a grant, it never hides one.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

export type WritePrivilege = "INSERT" | "UPDATE" | "DELETE" | "TRUNCATE";
export type TableAccess = {
  /** Table → the write privileges its statements need, triggers' own writes included. */
  readonly writes: ReadonlyMap<string, ReadonlySet<WritePrivilege>>;
  /** Tables named after FROM or JOIN. */
  readonly reads: ReadonlySet<string>;
  /** Where each write was found (`file: statement`), for a failure to point at. */
  readonly evidence: readonly string[];
};

type Module = { readonly path: string; readonly text: string };

/**
 * Modules that only ever write a database of their own, never the system's: `release
 * replay` loads recorded files into an in-memory scratch database through ingestion's
 * stores (release/replay/scratch-database.ts). What they reach asks the service's role
 * for nothing, so the analysis does not follow them.
 */
export const OWN_DATABASE_MODULES: ReadonlySet<string> = new Set(["release/replay/load-recording.ts"]);

/** The rest of one statement: up to the next statement or `await` (each query here is awaited). */
const SAME_STATEMENT = String.raw`(?:(?!\binsert\s+into\b|\bdelete\s+from\b|\bawait\b)[\s\S]){0,3000}?`;
const ALL = "*";

/** What the migrations define: tables, serial columns' tables, and what each SQL function and trigger touches. */
export type Schema = {
  readonly tables: ReadonlySet<string>;
  /** Tables with a serial column: inserting takes a number from a sequence (USAGE). */
  readonly serialTables: ReadonlySet<string>;
  /** Table → writes its triggers make (as the writer: no trigger here is SECURITY DEFINER). */
  readonly triggerWrites: ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<WritePrivilege>>>;
  /** Table → tables its triggers read. */
  readonly triggerReads: ReadonlyMap<string, ReadonlySet<string>>;
  /** SQL function → tables it reads, through the functions it calls too. */
  readonly functionReads: ReadonlyMap<string, ReadonlySet<string>>;
};

/** The schema as the migrations in shared/db/migrations leave it. */
export function schemaOf(root: string): Schema {
  const folder = join(root, "shared/db/migrations");
  const sql = readdirSync(folder).filter((f) => f.endsWith(".sql")).sort().map((f) => readFileSync(join(folder, f), "utf8")).join("\n");
  const tables = new Set([...sql.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?(\w+)"?/gi)].map((m) => m[1]));
  const serialTables = new Set(
    [...sql.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?(\w+)"? \(([\s\S]*?)\n\);/gi)].filter((m) => /\b(?:big|small)?serial\b/i.test(m[2])).map((m) => m[1]),
  );
  // The last definition of each function wins, as CREATE OR REPLACE does.
  const bodies = new Map<string, string>();
  for (const m of sql.matchAll(/CREATE (?:OR REPLACE )?FUNCTION "?(\w+)"?\([^)]*\)[^$]*\$\$([\s\S]*?)\$\$/gi)) bodies.set(m[1], m[2]);
  const functionReads = new Map<string, Set<string>>();
  const readsOf = (name: string, seen: Set<string> = new Set()): Set<string> => {
    const body = bodies.get(name) ?? "";
    const found = new Set(sqlReads(body, tables));
    seen.add(name);
    for (const other of bodies.keys()) {
      if (!seen.has(other) && new RegExp(`\\b${other}\\s*\\(`).test(body)) for (const t of readsOf(other, seen)) found.add(t);
    }
    return found;
  };
  for (const name of bodies.keys()) functionReads.set(name, readsOf(name));
  const triggerWrites = new Map<string, Map<string, Set<WritePrivilege>>>();
  const triggerReads = new Map<string, Set<string>>();
  for (const m of sql.matchAll(/CREATE TRIGGER "?\w+"? (?:AFTER|BEFORE)[^;]*? ON "?(\w+)"?[^;]*?EXECUTE (?:FUNCTION|PROCEDURE) "?(\w+)"?\(/gi)) {
    const writes = triggerWrites.get(m[1]) ?? new Map<string, Set<WritePrivilege>>();
    for (const [table, privilege] of sqlWrites(bodies.get(m[2]) ?? "", tables)) addWrite(writes, table, privilege);
    triggerWrites.set(m[1], writes);
    triggerReads.set(m[1], new Set([...(triggerReads.get(m[1]) ?? []), ...(functionReads.get(m[2]) ?? [])]));
  }
  return { tables, serialTables, triggerWrites, triggerReads, functionReads };
}

/** What the code reached from `entry` (relative to `root`) reads and writes. */
export function tableAccess(root: string, entry: string): TableAccess {
  const schema = schemaOf(root);
  const { tables } = schema;
  const modules = new Map<string, Module>();
  const wanted = new Map<string, Set<string>>();
  const want = (path: string, names: Iterable<string>) => {
    const set = wanted.get(path) ?? new Set<string>();
    const before = set.size;
    for (const name of names) set.add(name);
    wanted.set(path, set);
    return set.size !== before || !modules.has(path);
  };

  // Grow until nothing new is wanted: each reached declaration may import more.
  const queue: string[] = [resolve(root, entry)];
  want(queue[0], ["<module>"]);
  const reachedCode = new Map<string, string>();
  while (queue.length > 0) {
    const path = queue.shift()!;
    const module = modules.get(path) ?? { path, text: stripComments(readFileSync(path, "utf8")) };
    modules.set(path, module);
    const code = reachedText(module.text, wanted.get(path)!);
    reachedCode.set(path, code);
    for (const { from, names } of localImports(module.text, code)) {
      const target = resolve(dirname(path), from);
      if (OWN_DATABASE_MODULES.has(relative(root, target))) continue;
      if (want(target, names)) queue.push(target);
    }
  }

  const writes = new Map<string, Set<WritePrivilege>>();
  const reads = new Set<string>();
  const evidence: string[] = [];
  for (const [path, code] of reachedCode) {
    for (const [table, privilege, statement] of sqlWrites(code, tables)) {
      addWrite(writes, table, privilege);
      evidence.push(`${relative(root, path)}: ${statement}`);
      for (const [other, privileges] of schema.triggerWrites.get(table) ?? []) for (const p of privileges) addWrite(writes, other, p);
      for (const read of schema.triggerReads.get(table) ?? []) reads.add(read);
    }
    for (const table of sqlReads(code, tables)) reads.add(table);
    for (const [name, read] of schema.functionReads) if (new RegExp(`\\b${name}\\s*\\(`).test(code)) for (const t of read) reads.add(t);
  }
  // An UPDATE or DELETE finds its rows by their columns, which takes SELECT as well.
  for (const [table, privileges] of writes) if (privileges.has("UPDATE") || privileges.has("DELETE")) reads.add(table);
  return { writes, reads, evidence };
}

function addWrite(writes: Map<string, Set<WritePrivilege>>, table: string, privilege: WritePrivilege): void {
  writes.set(table, (writes.get(table) ?? new Set()).add(privilege));
}

/** The writes in `code`: [table, privilege, the words that show it]. */
function* sqlWrites(code: string, tables: ReadonlySet<string>): Generator<[string, WritePrivilege, string]> {
  const patterns: [RegExp, WritePrivilege][] = [
    [/\binsert\s+into\s+"?(\w+)"?/gi, "INSERT"],
    [/\bupdate\s+"?(\w+)"?(?:\s+(?:as\s+)?\w+)?\s+set\b/gi, "UPDATE"],
    [/\bdelete\s+from\s+"?(\w+)"?/gi, "DELETE"],
    [/\btruncate\s+(?:table\s+)?"?(\w+)"?/gi, "TRUNCATE"],
    // Row locks and upserts need UPDATE on the table they lock or may change.
    [new RegExp(String.raw`\bfrom\s+"?(\w+)"?${SAME_STATEMENT}\bfor\s+(?:no\s+key\s+)?update\b`, "gi"), "UPDATE"],
    [new RegExp(String.raw`\binsert\s+into\s+"?(\w+)"?${SAME_STATEMENT}\bon\s+conflict\b${SAME_STATEMENT}\bdo\s+update\b`, "gi"), "UPDATE"],
  ];
  for (const [pattern, privilege] of patterns) {
    for (const m of code.matchAll(pattern)) if (tables.has(m[1])) yield [m[1], privilege, m[0].replace(/\s+/g, " ").slice(0, 80)];
  }
}

/** Tables a statement reads: after FROM or JOIN, and those an INSERT hands back (RETURNING). */
function sqlReads(code: string, tables: ReadonlySet<string>): string[] {
  const found = [...code.matchAll(/\b(?:from|join)\s+"?(\w+)"?/gi)].map((m) => m[1]);
  const returning = new RegExp(String.raw`\binsert\s+into\s+"?(\w+)"?${SAME_STATEMENT}\breturning\b`, "gi");
  for (const m of code.matchAll(returning)) found.push(m[1]);
  return found.filter((t) => tables.has(t));
}

/** Block comments and whole-line comments go: prose about SQL is not SQL. */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

/**
 * The text of the module's reached parts: its top-level statements that declare nothing
 * (`<module>`, run on import), the declarations in `names` (or all, for `*`), and, until
 * nothing changes, the declarations those name.
 */
function reachedText(text: string, names: ReadonlySet<string>): string {
  const parts = topLevelParts(text);
  if (names.has(ALL)) return parts.map((p) => p.text).join("\n");
  const reached = new Set<string>(["<module>", ...names]);
  for (let grew = true; grew;) {
    grew = false;
    const code = parts.filter((p) => reached.has(p.name)).map((p) => p.text).join("\n");
    for (const part of parts) {
      if (!reached.has(part.name) && new RegExp(`\\b${part.name}\\b`).test(code)) {
        reached.add(part.name);
        grew = true;
      }
    }
  }
  return parts.filter((p) => reached.has(p.name)).map((p) => p.text).join("\n");
}

/** The module cut at each line that starts a top-level statement, each part named by what it declares. */
function topLevelParts(text: string): { name: string; text: string }[] {
  const parts: { name: string; text: string }[] = [];
  const declaration = /^(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:function\*?|const|let|var|class|type|interface|enum)\s+([A-Za-z_$][\w$]*)/;
  for (const chunk of text.split(/\n(?=[A-Za-z_$@])/)) {
    const name = declaration.exec(chunk)?.[1] ?? (/^import\b/.test(chunk) ? "<import>" : "<module>");
    parts.push({ name, text: chunk });
  }
  return parts;
}

/**
 * The relative modules `text` imports at run time, with the names it takes from each; a
 * namespace import, a bare import, `export *` and `import()` take everything. Only names
 * that `code` (the reached part) uses count.
 */
function localImports(text: string, code: string): { from: string; names: string[] }[] {
  const out: { from: string; names: string[] }[] = [];
  for (const m of text.matchAll(/^(import|export)\s+(type\s+)?([\s\S]*?)\s*from\s+["'](\.[^"']+)["']/gm)) {
    if (m[2]) continue; // `import type`: nothing runs
    const clause = m[3];
    if (/^\*/.test(clause)) {
      out.push({ from: m[4], names: [ALL] });
      continue;
    }
    const names: string[] = [];
    const defaultName = /^([A-Za-z_$][\w$]*)/.exec(clause)?.[1];
    if (defaultName && m[1] === "import") names.push("default");
    for (const item of (/\{([\s\S]*)\}/.exec(clause)?.[1] ?? "").split(",")) {
      const spec = /^\s*(type\s+)?([\w$]+)(?:\s+as\s+([\w$]+))?\s*$/.exec(item);
      if (!spec || spec[1]) continue;
      const local = spec[3] ?? spec[2];
      // A re-export passes the name on: whoever imports it from here decides; keep it.
      if (m[1] === "export" || new RegExp(`\\b${local}\\b`).test(code)) names.push(spec[2]);
    }
    if (names.length > 0) out.push({ from: m[4], names });
  }
  for (const m of text.matchAll(/^import\s+["'](\.[^"']+)["']/gm)) out.push({ from: m[1], names: [ALL] });
  for (const m of code.matchAll(/\bimport\(\s*["'](\.[^"']+)["']\s*\)/g)) out.push({ from: m[1], names: [ALL] });
  return out;
}
