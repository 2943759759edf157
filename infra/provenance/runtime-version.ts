/** The runtime and the versions of the packages that shape a model, for its manifest. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const PACKAGES = ["ml-matrix", "ml-distance", "zod", "kafkajs", "postgres", "drizzle-orm"];

/** Runtime name and version plus installed versions of the packages that matter. */
export function readRuntimeVersion(): { name: string; version: string; packages: Record<string, string> } {
  const packages: Record<string, string> = {};
  for (const name of PACKAGES) {
    try {
      const path = fileURLToPath(new URL(`../../node_modules/${name}/package.json`, import.meta.url));
      packages[name] = JSON.parse(readFileSync(path, "utf8")).version;
    } catch {
      packages[name] = "missing";
    }
  }
  const bun = (globalThis as { Bun?: { version: string } }).Bun;
  return bun ? { name: "bun", version: bun.version, packages } : { name: "node", version: process.versions.node, packages };
}
