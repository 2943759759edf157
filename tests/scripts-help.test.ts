/**
 * Every package.json script but `setup` (which runs before any dependency is
 * installed) answers `--help` with exit 0, a usage line and an example. Scripts run through npm,
 * exactly as an operator types them; long-running ones only ever with --help here.
 */
import { expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dir, "..");
const scripts = Object.keys(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts as Record<string, string>);
// Other tools' own help: drizzle-kit, deno lint and bun test print theirs without a `usage:` line.
const toolHelp = new Set(["db:generate", "lint", "test:ci"]);
for (const script of scripts.filter((s) => s !== "setup")) {
  test(`npm run ${script} -- --help exits 0 with a usage line and an example`, () => {
    const result = spawnSync("npm", ["run", "--silent", script, "--", "--help"], {
      cwd: root, encoding: "utf8", timeout: 60_000, env: { ...process.env, NO_COLOR: "1" },
    });
    expect({ script, code: result.status }).toEqual({ script, code: 0 });
    if (toolHelp.has(script)) return;
    expect(result.stdout).toMatch(/^usage: /im);
    expect(result.stdout).toMatch(/^example:\n {2}\S/m);
  }, 70_000);
}
