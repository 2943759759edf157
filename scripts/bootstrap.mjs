#!/usr/bin/env node
// Makes a fresh clone runnable with nothing but Node.js and npm: installs the
// pinned Bun from the npm registry and, through it, every dependency (Deno
// included) whenever node_modules is missing or older than the manifests.
//
// No dependency's install script runs but the pinned Bun's: Bun runs only those of the
// packages in package.json's `trustedDependencies`, which names just `bun` (its
// postinstall puts the real binary where node_modules/.bin/bun points; npx runs it in
// its cache too, for the same reason). Deno and esbuild work without theirs (Bun says
// "Blocked 4 postinstalls"); scripts/install-scripts.ts says why, and its test fails on
// any new dependency with an install script until someone decides.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const stamp = join(root, "node_modules", ".install-stamp");
const manifests = ["package.json", "bun.lockb"].map((f) => join(root, f)).filter(existsSync);
const bin = (name) => join(root, "node_modules", ".bin", name);

function upToDate() {
  if (!existsSync(stamp) || !existsSync(bin("bun")) || !existsSync(bin("deno"))) return false;
  const installed = statSync(stamp).mtimeMs;
  return manifests.every((f) => statSync(f).mtimeMs <= installed);
}

if (!upToDate()) {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const bunVersion = pkg.devDependencies?.bun;
  if (!bunVersion) throw new Error("package.json must pin devDependencies.bun");
  console.error(`[bootstrap] installing dependencies with bun@${bunVersion}`);
  execFileSync("npx", ["--yes", `bun@${bunVersion}`, "install", "--frozen-lockfile"], {
    cwd: root,
    stdio: "inherit",
  });
  writeFileSync(stamp, new Date().toISOString() + "\n");
}
