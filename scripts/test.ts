/**
 * The whole test suite, as `npm test` runs it: typecheck (tsc for the Bun side,
 * deno check for the router), lint, the import check, the bun:test suites, the Deno
 * suites, and the database integration suites once more on the embedded database, so
 * both database paths are proven on every run. Ends with one `N passed, N failed` line.
 *
 * With `--reports <dir>` (`npm run test:ci`, what Jenkins runs) every step also writes a
 * JUnit report, `<dir>/junit/<step>.xml`, and every test runner LCOV coverage,
 * `<dir>/coverage/<step>/lcov.info`; the checks (typecheck, deno-check, lint, imports) run
 * no code, so they have no coverage, and each reports as one test case.
 *
 * The checks run first, one after another. Then the test runners run in two lanes at
 * once: the bun:test suites in one, the Deno suites, the embedded-database pass and two
 * long end-to-end tests in the other. Most of their time is spent waiting (processes
 * starting, databases, Kafka, timeouts), so two lanes keep the suite within its time
 * budget on two cores; each step's output is printed whole when it ends. Each failed test's error is printed once
 * more after the last step, where a CI log's tail shows it.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, globSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import { readProcessArgs } from "../infra/cli/command.ts";
import { bunFailureExcerpts, tailExcerpt } from "./failure-excerpts.ts";
import { prefixJUnitClassnames, stepJUnit } from "./junit.ts";
import { relativizeLcov, summarizeLcov } from "./lcov-summary.ts";

const root = join(import.meta.dir, "..");
const bin = (name: string) => join(root, "node_modules", ".bin", name);

/** What a step adds to its command line to write its reports under `dir`, and what it does with them afterwards. */
type Reporting = { args: string[]; finish?: () => void };

const STEP_NAMES = ["typecheck", "deno-check", "lint", "imports", "bun", "deno", "embedded-db", "bun-second-lane"] as const;
type StepName = typeof STEP_NAMES[number];

type Step = {
  name: StepName;
  /** Steps of one lane run one after another; the test runners' two lanes run at once. */
  lane: "checks" | "bun" | "second";
  cmd: string[];
  env?: Record<string, string>;
  counts?: "bun" | "deno";
  /** Test runners write their own JUnit and coverage; the checks get a JUnit report written here. */
  reports?: (dir: string) => Reporting;
};

const denoTestFiles = globSync("**/*.deno.test.ts", { cwd: root, exclude: (p) => p.includes("node_modules") });
// The crash and outage tests of ingestion run on both databases too: a process killed, or a
// connection cut, while a transaction is open must leave the embedded database consistent.
const embeddedSuites = globSync("**/*.int.test.ts", { cwd: root, exclude: (p) => p.includes("node_modules") })
  .filter((p) => !p.endsWith(".deno.test.ts"))
  .concat("tests/e2e/ingest-crash.e2e.test.ts");

// These bun:test files run in the second lane, after the embedded pass, to even out the
// lanes: the bun lane alone set the suite's time, with the other done 200 s earlier. The
// release demo's test is the longest file (about 85 s); the outage run takes about 30 s.
const secondLaneBunSuites = ["tests/e2e/demo-releases.e2e.test.ts", "tests/e2e/ingest-outages.e2e.test.ts"];

/** Bun's JUnit and LCOV reports of one step; `classPrefix` sets a rerun's cases apart from the first run's. */
const bunReports = (name: StepName, classPrefix?: string) => (dir: string): Reporting => {
  const junit = join(dir, "junit", `${name}.xml`);
  return {
    args: [
      "--reporter=junit", `--reporter-outfile=${junit}`,
      "--coverage", "--coverage-reporter=lcov", `--coverage-dir=${join(dir, "coverage", name)}`,
    ],
    finish: classPrefix === undefined ? undefined : () => rewrite(junit, (xml) => prefixJUnitClassnames(xml, classPrefix)),
  };
};

const steps: Step[] = [
  { name: "typecheck", lane: "checks", cmd: [bin("tsc"), "-p", "tsconfig.json"] },
  { name: "deno-check", lane: "checks", cmd: [bin("deno"), "check", "--quiet", ...globSync("{router,bench/deno}/**/*.ts", { cwd: root }), ...denoTestFiles] },
  { name: "lint", lane: "checks", cmd: [bin("deno"), "lint", "--quiet"] },
  // Imports run only downward: shared ← infra ← measurement/registry ← services ← system/demos.
  { name: "imports", lane: "checks", cmd: [bin("bun"), join(root, "scripts", "check-imports.ts")] },
  {
    name: "bun",
    lane: "bun",
    cmd: [
      bin("bun"), "test", "--timeout=120000", "--path-ignore-patterns=**/*.deno.test.ts", "--path-ignore-patterns=router/**",
      ...secondLaneBunSuites.map((p) => `--path-ignore-patterns=${p}`),
    ],
    counts: "bun",
    reports: bunReports("bun"),
  },
  {
    name: "deno",
    lane: "second",
    cmd: [bin("deno"), "test", "--allow-all", "--quiet", ...denoTestFiles],
    counts: "deno",
    reports: (dir) => {
      // Deno keeps raw profiles; `deno coverage` turns them into LCOV with paths from the root, as Bun's.
      const raw = join(dir, "coverage", "deno-profiles");
      const lcov = join(dir, "coverage", "deno", "lcov.info");
      return {
        args: [`--junit-path=${join(dir, "junit", "deno.xml")}`, `--coverage=${raw}`, "--coverage-raw-data-only", "--clean"],
        finish: () => {
          mkdirSync(join(dir, "coverage", "deno"), { recursive: true });
          const made = spawnSync(bin("deno"), ["coverage", "--lcov", `--output=${lcov}`, raw], { cwd: root, encoding: "utf8" });
          if (made.status !== 0) throw new Error(`deno coverage failed (exit ${made.status}): ${made.stderr}`);
          rewrite(lcov, (text) => relativizeLcov(text, root));
          rmSync(raw, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: "embedded-db",
    lane: "second",
    cmd: [bin("bun"), "test", "--timeout=120000", ...embeddedSuites.map((p) => `./${p}`)],
    env: { TEST_DATABASE: "embedded" },
    counts: "bun",
    reports: bunReports("embedded-db", "embedded-db"),
  },
  {
    name: "bun-second-lane",
    lane: "second",
    cmd: [bin("bun"), "test", "--timeout=120000", ...secondLaneBunSuites.map((p) => `./${p}`)],
    counts: "bun",
    reports: bunReports("bun-second-lane"),
  },
];

const args = readProcessArgs({
  name: "npm test --",
  summary: "The whole test suite: typecheck, deno check, lint, the import check, bun:test, Deno tests, the database suites on the embedded database.",
  usage: ["[--reports <dir>] [step ...]"],
  examples: ["npm test -- typecheck lint", "npm run test:ci"],
  flags: {
    reports: z.string().min(1).optional().describe(
      "write JUnit reports (<dir>/junit/<step>.xml) and the test runners' LCOV coverage (<dir>/coverage/<step>/lcov.info)",
    ),
  },
  positionals: z.array(z.enum(STEP_NAMES, { error: (i) => `${JSON.stringify(i.input)} is not a step: use ${STEP_NAMES.join(", ")}` })),
  notes: [`steps, in order: ${STEP_NAMES.join(", ")} (all by default)`, "exit 0: every step passed; 1: a step failed"],
});
const reportsDir = args.reports === undefined ? null : resolve(args.reports);
if (reportsDir !== null) {
  // A report left from an earlier run must not pass for this run's.
  rmSync(join(reportsDir, "junit"), { recursive: true, force: true });
  rmSync(join(reportsDir, "coverage"), { recursive: true, force: true });
  mkdirSync(join(reportsDir, "junit"), { recursive: true });
}

function rewrite(path: string, change: (text: string) => string): void {
  writeFileSync(path, change(readFileSync(path, "utf8")));
}

let passed = 0;
let failed = 0;
const failedSteps: string[] = [];
/** What each failed step said about its failures, repeated after the summary (see failure-excerpts.ts). */
const failureExcerpts: { step: string; excerpts: string[] }[] = [];
/** A failed step's failures repeated at the end, at most; the rest stay in its output above. */
const EXCERPTS_PER_STEP = 5;

/** Runs `cmd` and resolves with its exit and its whole output, stdout then stderr. */
function run(cmd: string[], env: Record<string, string> | undefined) {
  return new Promise<{ status: number | null; signal: NodeJS.Signals | null; output: string }>((resolvePromise) => {
    const child = spawn(cmd[0], cmd.slice(1), { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) => err.push(Buffer.from(`${error.message}\n`)));
    child.on("close", (status, signal) =>
      resolvePromise({ status, signal, output: Buffer.concat(out).toString("utf8") + Buffer.concat(err).toString("utf8") }));
  });
}

async function runStep(step: Step): Promise<void> {
  if (args.positionals.length > 0 && !args.positionals.includes(step.name)) return;
  if (step.name === "deno" && denoTestFiles.length === 0) return;
  if (step.name === "embedded-db" && embeddedSuites.length === 0) return;
  if (step.name === "deno-check" && step.cmd.length <= 3) return;
  const reporting = reportsDir === null ? null : step.reports?.(reportsDir) ?? null;
  const cmd = reporting === null ? step.cmd : [...step.cmd.slice(0, 2), ...reporting.args, ...step.cmd.slice(2)];
  const started = performance.now();
  const result = await run(cmd, step.env);
  const output = result.output;
  console.log(`\n=== ${step.name}: ${cmd.map((c) => c.replace(root + "/", "")).join(" ").slice(0, 200)}`);
  process.stdout.write(output);
  const seconds = (performance.now() - started) / 1000;
  if (step.counts) {
    const counts = countTests(step.counts, output);
    passed += counts.passed;
    failed += counts.failed;
  }
  let ok = result.status === 0;
  if (reportsDir !== null) {
    const junit = join(reportsDir, "junit", `${step.name}.xml`);
    try {
      if (reporting === null) writeFileSync(junit, stepJUnit({ name: step.name, ok, seconds, output }));
      else reporting.finish?.();
      if (!existsSync(junit)) throw new Error(`${step.name} wrote no JUnit report`);
    } catch (error) {
      // A step without its reports fails, and says so in the JUnit report: CI would
      // otherwise show fewer tests, all green.
      const why = `its reports could not be written: ${error instanceof Error ? error.message : String(error)}`;
      console.log(`=== ${step.name}: ${why}`);
      ok = false;
      writeFileSync(junit, stepJUnit({ name: step.name, ok, seconds, output: `${why}\n${output}` }));
    }
  }
  if (!ok) {
    failedSteps.push(step.name);
    if (!step.counts) failed += 1; // a failed typecheck or lint counts as one failure
    // Deno, the checks and a runner that crashed end their output with what went wrong:
    // a bun run that never reached its summary is shown by its tail, first, then its failed tests.
    const tests = step.counts === "bun" ? bunFailureExcerpts(output) : [];
    const finished = step.counts === "bun" && /^Ran \d+ tests? across/m.test(output);
    failureExcerpts.push({ step: step.name, excerpts: tests.length > 0 && finished ? tests : [tailExcerpt(output), ...tests] });
  }
  console.log(`=== ${step.name}: ${ok ? "ok" : `FAILED (exit ${result.status ?? result.signal})`} in ${seconds.toFixed(1)}s`);
}

/** The steps of `lane`, one after another. */
async function runLane(lane: Step["lane"]): Promise<void> {
  for (const step of steps.filter((s) => s.lane === lane)) await runStep(step);
}

const suiteStarted = performance.now();
await runLane("checks");
await Promise.all([runLane("bun"), runLane("second")]);
console.log(`\n=== the suite took ${((performance.now() - suiteStarted) / 1000).toFixed(1)}s`);

function countTests(kind: "bun" | "deno", output: string): { passed: number; failed: number } {
  if (kind === "bun") {
    const pass = [...output.matchAll(/^\s*(\d+) pass$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    const fail = [...output.matchAll(/^\s*(\d+) fail$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    return { passed: pass, failed: fail };
  }
  const m = output.match(/(\d+) passed.*?\| (\d+) failed/);
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : { passed: 0, failed: 0 };
}

const lcovReports = reportsDir === null ? [] : globSync("coverage/*/lcov.info", { cwd: reportsDir }).map((p) => readFileSync(join(reportsDir, p), "utf8"));
if (lcovReports.length > 0) {
  const coverage = summarizeLcov(lcovReports, root);
  const percent = coverage.lines === 0 ? 0 : (100 * coverage.covered) / coverage.lines;
  console.log(`\nline coverage: ${percent.toFixed(1)}% (${coverage.covered} of ${coverage.lines} lines in ${coverage.files} files, in-process code of the Bun and Deno suites)`);
}
for (const { step, excerpts } of failureExcerpts) {
  console.log(`\n=== ${step} failed: ${excerpts.length === 1 ? "its failure" : `its ${excerpts.length} failures`}, again from its output above`);
  for (const excerpt of excerpts.slice(0, EXCERPTS_PER_STEP)) console.log(`\n${excerpt}`);
  if (excerpts.length > EXCERPTS_PER_STEP) console.log(`\n… and ${excerpts.length - EXCERPTS_PER_STEP} more in ${step}'s output above`);
}
if (failedSteps.length > 0) console.log(`\nFailed steps: ${failedSteps.join(", ")}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failedSteps.length > 0 ? 1 : 0);
