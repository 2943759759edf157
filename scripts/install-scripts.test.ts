import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { installScriptFindings, listInstalledPackages } from "./install-scripts.ts";

const root = join(import.meta.dir, "..");

test("installScriptFindings() accepts a needed script that is trusted and an unneeded one that is not", () => {
  expect(installScriptFindings([
    { name: "bun", path: "node_modules/bun", installScripts: ["postinstall"] },
    { name: "esbuild", path: "node_modules/esbuild", installScripts: ["postinstall"] },
    { name: "zod", path: "node_modules/zod", installScripts: [] },
  ], ["bun"])).toEqual([]);
});

test("installScriptFindings() names a dependency with an install script nobody has judged", () => {
  expect(installScriptFindings([{ name: "left-pad", path: "node_modules/left-pad", installScripts: ["preinstall"] }], [])).toEqual([
    "left-pad (node_modules/left-pad) has install scripts (preinstall) nobody has judged: " +
    "say in scripts/install-scripts.ts whether it needs them (and then trust it in package.json) or works without",
  ]);
});

test("installScriptFindings() names a needed script left untrusted and a trust without a reason", () => {
  expect(installScriptFindings([{ name: "bun", path: "node_modules/bun", installScripts: ["postinstall"] }], ["deno"])).toEqual([
    "bun (node_modules/bun) needs its install script but is not in trustedDependencies",
    "deno is in trustedDependencies without a reason in SCRIPT_NEEDED",
  ]);
});

test("setup runs no third-party install script but Bun's: every one in node_modules is trusted for a reason or works without", () => {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { trustedDependencies?: string[] };
  const packages = listInstalledPackages(join(root, "node_modules"));
  expect(packages.length).toBeGreaterThan(50);
  expect(installScriptFindings(packages, manifest.trustedDependencies ?? [])).toEqual([]);
});
