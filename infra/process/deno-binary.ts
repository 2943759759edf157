/**
 * The path of the real Deno executable. `node_modules/.bin/deno` is a Node
 * wrapper that spawns it: signals sent to the wrapper do not reach Deno, so a
 * supervisor that stops the wrapper would leave Deno running. The npm package
 * places the executable beside its wrapper on first use.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const EXECUTABLE = `${ROOT}node_modules/deno/deno`;
const WRAPPER = `${ROOT}node_modules/.bin/deno`;

/** The Deno executable; runs the wrapper once to put it in place when it is missing. */
export function denoBinary(): string {
  if (!existsSync(EXECUTABLE)) spawnSync(WRAPPER, ["--version"], { stdio: "ignore" });
  if (!existsSync(EXECUTABLE)) throw new Error(`Deno is not installed: ${EXECUTABLE} is missing after running ${WRAPPER} (run npm install)`);
  return EXECUTABLE;
}
