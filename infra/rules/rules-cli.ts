/**
 * `bun run rules get | set <file> | diff <file>`: the rules document, edited through the
 * database directly (DATABASE_URL, or the embedded database). `get` prints the stored
 * document; `set` writes a file and prints the new version and diff; `diff` prints what
 * `set` would change. Exit 2 on bad usage or an invalid document, 1 on other failures.
 */
import { readFileSync } from "node:fs";
import { hostname, userInfo } from "node:os";
import { connectDatabase } from "../db/connect-database.ts";
import { ensureDatabase } from "../db/ensure-database.ts";
import { migrateDatabase } from "../db/migrate-database.ts";
import { errorMessage } from "../log/logger.ts";
import { DatabaseEnv } from "../../shared/config/env-fields.ts";
import { parseEnv } from "../../shared/config/parse-env.ts";
import type { RuleSet } from "../../shared/rules/index.ts";
import { parseRulesInput } from "./parse-rules-input.ts";
import { previewRules, readRules, writeRules } from "./rules-store.ts";

const USAGE = "usage: bun run rules get | set <file.json> | diff <file.json>";

/** An expected failure: the message is printed as is, with the exit code. */
class CliError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

function readRulesFile(path: string): RuleSet {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${errorMessage(error)}`, 2);
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${path} is not JSON: ${errorMessage(error)}`, 2);
  }
  const parsed = parseRulesInput(input);
  if (!parsed.ok) {
    throw new CliError(
      `${path} is not a valid rules document:\n  ${parsed.errors.join("\n  ")}`,
      2,
    );
  }
  return parsed.rules;
}

function parseArgs(
  argv: string[],
): { command: "get" } | { command: "set" | "diff"; rules: RuleSet } {
  const [command, file, ...rest] = argv;
  if (command === "get" && file === undefined) return { command };
  if ((command === "set" || command === "diff") && file !== undefined && rest.length === 0) {
    return { command, rules: readRulesFile(file) };
  }
  throw new CliError(USAGE, 2);
}

async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  const server = await ensureDatabase(
    parseEnv(DatabaseEnv, process.env),
    (line) => console.error(line),
  );
  try {
    await migrateDatabase(server.url);
    const database = connectDatabase(server.url, { max: 1, applicationName: "rules-cli" });
    try {
      if (args.command === "get") {
        const document = await readRules(database.sql);
        if (document === null) {
          throw new CliError("no rules stored yet: the router seeds them on first start", 1);
        }
        console.log(JSON.stringify(document, null, 2));
      } else if (args.command === "diff") {
        console.log(JSON.stringify(await previewRules(database.sql, args.rules), null, 2));
      } else {
        const actor = `${userInfo().username}@${hostname()}`;
        const result = await writeRules(database.sql, args.rules, { actor, source: "cli" });
        console.log(JSON.stringify(result, null, 2));
      }
    } finally {
      await database.close();
    }
  } finally {
    await server.stop();
  }
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof CliError ? error.message : `rules: ${errorMessage(error)}`);
  process.exit(error instanceof CliError ? error.exitCode : 1);
}
