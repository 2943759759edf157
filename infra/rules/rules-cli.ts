/**
 * `bun run rules get | set <file> | diff <file>`: the rules document, edited through the
 * database directly (DATABASE_URL, or the embedded database). `get` prints the stored
 * document; `set` writes a file and prints the new version and diff; `diff` prints what
 * `set` would change. Exit 2 on bad usage or an invalid document, 1 on other failures.
 */
import { readFileSync } from "node:fs";
import { hostname, userInfo } from "node:os";
import { z } from "zod";
import { CommandError, runMain } from "../cli/command.ts";
import { withDatabase } from "../db/with-database.ts";
import { errorMessage } from "../log/logger.ts";
import { DatabaseEnv } from "../../shared/config/env-fields.ts";
import { parseEnv } from "../../shared/config/parse-env.ts";
import type { RuleSet } from "../../shared/rules/index.ts";
import { parseRulesInput } from "./parse-rules-input.ts";
import { previewRules, readRules, writeRules } from "./rules-store.ts";

const command = {
  name: "bun run rules",
  summary: "The routing rules document: print it, preview a change, or write one (audited, source \"cli\").",
  usage: ["get | set <file.json> | diff <file.json>"],
  examples: ["bun run rules get > rules.json", "bun run rules diff rules.json"],
  flags: {},
  positionals: z.union([
    z.tuple([z.literal("get")]),
    z.tuple([z.enum(["set", "diff"]), z.string()]),
  ], { error: "give get, set <file.json> or diff <file.json>" }),
  notes: ["exit 0: done; 2: bad usage or an invalid document; 1: no rules stored, or another failure"],
} as const;

function readRulesFile(path: string): RuleSet {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new CommandError("usage", `cannot read ${path}: ${errorMessage(error)}`);
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw new CommandError("usage", `${path} is not JSON: ${errorMessage(error)}`);
  }
  const parsed = parseRulesInput(input);
  if (!parsed.ok) throw new CommandError("refused", `${path} is not a valid rules document:\n  ${parsed.errors.join("\n  ")}`);
  return parsed.rules;
}

await runMain(command, async ({ positionals }) => {
  // Read before connecting, so a bad file fails fast and leaves the database alone.
  const rules = positionals[0] === "get" ? null : readRulesFile(positionals[1]);
  return await withDatabase(parseEnv(DatabaseEnv, process.env), "rules-cli", async (database) => {
    if (rules === null) {
      const document = await readRules(database.sql);
      if (document === null) throw new CommandError("missing", "no rules stored yet: the router seeds them on first start");
      console.log(JSON.stringify(document, null, 2));
    } else if (positionals[0] === "diff") {
      console.log(JSON.stringify(await previewRules(database.sql, rules), null, 2));
    } else {
      const actor = `${userInfo().username}@${hostname()}`;
      console.log(JSON.stringify(await writeRules(database.sql, rules, { actor, source: "cli" }), null, 2));
    }
    return "ok" as const;
  });
}, (error) => console.error(`rules: ${errorMessage(error)}`));
