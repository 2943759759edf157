/**
 * The whole test suite, as `npm test` runs it: typecheck (tsc for the Bun side,
 * deno check for the router), lint, the bun:test suites, the Deno suites, and the
 * database integration suites once more on the embedded database, so both
 * database paths are proven on every run. Ends with one `N passed, N failed` line.
 */
import { spawnSync } from "node:child_process";
import { globSync } from "node:fs";
import { join } from "node:path";
import { exitOnHelp } from "../infra/cli/command.ts";

exitOnHelp({ name: "npm test --", summary: "The whole test suite: typecheck, deno check, lint, bun:test, Deno tests, the database suites on the embedded database.", usage: ["[step ...]"], examples: ["npm test -- typecheck lint"] });

const root = join(import.meta.dir, "..");
const bin = (name: string) => join(root, "node_modules", ".bin", name);
const only = process.argv.slice(2); // optional step names, e.g. `bun scripts/test.ts bun deno`

type Step = { name: string; cmd: string[]; env?: Record<string, string>; counts?: "bun" | "deno" };

const denoTestFiles = globSync("**/*.deno.test.ts", { cwd: root, exclude: (p) => p.includes("node_modules") });
// The crash and outage tests of ingestion run on both databases too: a process killed, or a
// connection cut, while a transaction is open must leave the embedded database consistent.
const embeddedSuites = globSync("**/*.int.test.ts", { cwd: root, exclude: (p) => p.includes("node_modules") })
  .filter((p) => !p.endsWith(".deno.test.ts"))
  .concat("tests/e2e/ingest-crash.e2e.test.ts");

const steps: Step[] = [
  { name: "typecheck", cmd: [bin("tsc"), "-p", "tsconfig.json"] },
  { name: "deno-check", cmd: [bin("deno"), "check", "--quiet", ...globSync("{router,bench/deno}/**/*.ts", { cwd: root }), ...denoTestFiles] },
  { name: "lint", cmd: [bin("deno"), "lint", "--quiet"] },
  // Imports run only downward: shared ← infra ← measurement/registry ← services ← system/demos.
  { name: "imports", cmd: [bin("bun"), join(root, "scripts", "check-imports.ts")] },
  {
    name: "bun",
    cmd: [bin("bun"), "test", "--timeout=120000", "--path-ignore-patterns=**/*.deno.test.ts", "--path-ignore-patterns=router/**"],
    counts: "bun",
  },
  { name: "deno", cmd: [bin("deno"), "test", "--allow-all", "--quiet", ...denoTestFiles], counts: "deno" },
  {
    name: "embedded-db",
    cmd: [bin("bun"), "test", "--timeout=120000", ...embeddedSuites.map((p) => `./${p}`)],
    env: { TEST_DATABASE: "embedded" },
    counts: "bun",
  },
];

let passed = 0;
let failed = 0;
const failedSteps: string[] = [];
for (const step of steps) {
  if (only.length > 0 && !only.includes(step.name)) continue;
  if (step.name === "deno" && denoTestFiles.length === 0) continue;
  if (step.name === "embedded-db" && embeddedSuites.length === 0) continue;
  if (step.name === "deno-check" && step.cmd.length <= 3) continue;
  console.log(`\n=== ${step.name}: ${step.cmd.map((c) => c.replace(root + "/", "")).join(" ").slice(0, 200)}`);
  const started = performance.now();
  const result = spawnSync(step.cmd[0], step.cmd.slice(1), {
    cwd: root,
    env: { ...process.env, ...step.env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 256 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  process.stdout.write(output);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (step.counts) {
    const counts = countTests(step.counts, output);
    passed += counts.passed;
    failed += counts.failed;
  }
  if (result.status !== 0) {
    failedSteps.push(step.name);
    if (!step.counts) failed += 1; // a failed typecheck or lint counts as one failure
  }
  console.log(`=== ${step.name}: ${result.status === 0 ? "ok" : `FAILED (exit ${result.status ?? result.signal})`} in ${seconds}s`);
}

function countTests(kind: "bun" | "deno", output: string): { passed: number; failed: number } {
  if (kind === "bun") {
    const pass = [...output.matchAll(/^\s*(\d+) pass$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    const fail = [...output.matchAll(/^\s*(\d+) fail$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    return { passed: pass, failed: fail };
  }
  const m = output.match(/(\d+) passed.*?\| (\d+) failed/);
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : { passed: 0, failed: 0 };
}

if (failedSteps.length > 0) console.log(`\nFailed steps: ${failedSteps.join(", ")}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failedSteps.length > 0 ? 1 : 0);
