/**
 * Which dependencies run install scripts when `npm run setup` installs. Bun runs the
 * lifecycle scripts only of the packages package.json names in `trustedDependencies`
 * (naming any replaces Bun's built-in allowlist); every other package installs without
 * its script. This file says, for each dependency that has one, why it is trusted or why
 * it works without it, and `installScriptFindings` checks an installed tree against
 * that: a new dependency with an install script fails the check until someone decides.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Packages whose install script is needed, and why: each must be in trustedDependencies. */
export const SCRIPT_NEEDED: Readonly<Record<string, string>> = {
  bun: "bin/bun.exe is a placeholder until the postinstall links the binary of the optional dependency @oven/bun-<platform> in its place",
};

/** Packages that work without their install script, and why: none may be trusted. */
export const SCRIPT_NOT_NEEDED: Readonly<Record<string, string>> = {
  deno: "bin.cjs puts the binary of the optional dependency @deno/<platform> in place on first use (infra/process/deno-binary.ts runs it once)",
  esbuild: "drizzle-kit uses its JavaScript API, which runs the binary of the optional dependency @esbuild/<platform> (the postinstall only checks it and links it for speed)",
};

/** The lifecycle scripts a package manager runs at install. */
const INSTALL_SCRIPTS = ["preinstall", "install", "postinstall"] as const;

/** A package found in node_modules, with the install scripts it declares (a binding.gyp counts: it means `node-gyp rebuild`). */
export type InstalledPackage = { readonly name: string; readonly path: string; readonly installScripts: readonly string[] };

/** What is wrong with `packages` and `trusted` against the two lists above; empty when all is decided. */
export function installScriptFindings(packages: readonly InstalledPackage[], trusted: readonly string[]): string[] {
  const findings: string[] = [];
  for (const p of packages) {
    if (p.installScripts.length === 0) continue;
    if (p.name in SCRIPT_NEEDED) {
      if (!trusted.includes(p.name)) findings.push(`${p.name} (${p.path}) needs its install script but is not in trustedDependencies`);
    } else if (p.name in SCRIPT_NOT_NEEDED) {
      if (trusted.includes(p.name)) findings.push(`${p.name} works without its install script but is in trustedDependencies`);
    } else {
      findings.push(
        `${p.name} (${p.path}) has install scripts (${p.installScripts.join(", ")}) nobody has judged: ` +
          "say in scripts/install-scripts.ts whether it needs them (and then trust it in package.json) or works without",
      );
    }
  }
  for (const name of trusted) if (!(name in SCRIPT_NEEDED)) findings.push(`${name} is in trustedDependencies without a reason in SCRIPT_NEEDED`);
  return findings;
}

/** Every package under `nodeModules`, nested node_modules and scopes included. */
export function listInstalledPackages(nodeModules: string): InstalledPackage[] {
  const found: InstalledPackage[] = [];
  const visit = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      if (entry.name.startsWith("@")) {
        visit(path);
        continue;
      }
      const manifest = join(path, "package.json");
      if (!existsSync(manifest)) continue;
      const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string; scripts?: Record<string, string> };
      const scripts = INSTALL_SCRIPTS.filter((s) => typeof pkg.scripts?.[s] === "string");
      const gyp = existsSync(join(path, "binding.gyp")) && !pkg.scripts?.install ? ["install (binding.gyp)"] : [];
      found.push({ name: pkg.name ?? entry.name, path, installScripts: [...scripts, ...gyp] });
      visit(join(path, "node_modules"));
    }
  };
  visit(nodeModules);
  return found;
}
