/**
 * Jenkins cannot run here, so the Jenkinsfile is checked statically: every
 * `sh` step calls a package.json script (and CI runs those scripts), the
 * stages and triggers of the delivery pipeline exist, the test stage runs the same
 * suite as `npm test` with a JUnit report of every step, each credential is bound
 * only around the steps that need it, and no secret is written into the file.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "../..");
const jenkinsfile = readFileSync(join(ROOT, "Jenkinsfile"), "utf8");
const packageScripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
const scripts = Object.keys(packageScripts);
const code = jenkinsfile.split("\n").map((line) => line.replace(/^\s*\/\/.*$/, "")).join("\n");
const SH = /\bsh\s*\(?\s*(?:script:\s*)?(['"]{1,3})([\s\S]*?)\1/g;

/** The command of every `sh '…'`, `sh "…"` and `sh(script: '…')` step. */
function shSteps(text: string): string[] {
  return [...text.matchAll(SH)].map((m) => m[2].trim());
}

/** Index of the `}` that closes the `{` at `open`, skipping quoted strings. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      i = text.indexOf(c, i + 1);
      if (i < 0) break;
    } else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  throw new Error(`no closing brace for the one at ${open}`);
}

/** Every sh step of `text`, with the variables that the withCredentials blocks around it bind, sorted. */
function credentialsBySh(text: string): Record<string, string[]> {
  const blocks = [...text.matchAll(/withCredentials\s*\(\s*\[([\s\S]*?)\]\s*\)\s*\{/g)].map((m) => {
    const open = m.index! + m[0].length - 1;
    return { variables: [...m[1].matchAll(/variable:\s*'([A-Z_]+)'/g)].map((v) => v[1]), open, close: closingBrace(text, open) };
  });
  const out: Record<string, string[]> = {};
  for (const m of text.matchAll(SH)) {
    out[m[2].trim()] = blocks.filter((b) => b.open < m.index! && m.index! < b.close).flatMap((b) => b.variables).toSorted();
  }
  return out;
}

/** The text of stage `name`: from its `stage('…')` to the brace that closes it. */
function stageText(text: string, name: string): string {
  const start = text.indexOf(`stage('${name}')`);
  if (start < 0) throw new Error(`no stage ${name}`);
  return text.slice(start, closingBrace(text, text.indexOf("{", start)) + 1);
}

describe("Jenkinsfile", () => {
  test("shSteps() finds single- and double-quoted steps", () => {
    expect(shSteps(`sh 'npm run a'\nsh "bun run b"\nsh(script: 'npm run c')`)).toEqual(["npm run a", "bun run b", "npm run c"]);
  });

  test("credentialsBySh() finds the variables bound around each step, nested blocks included", () => {
    const text = `sh 'npm run a'
      withCredentials([string(credentialsId: 'x', variable: 'X')]) {
        sh 'npm run b'
        script { if (sh(script: 'npm run "c"', returnStatus: true) != 0) { error("{") } }
        withCredentials([string(credentialsId: 'y', variable: 'Y'), string(credentialsId: 'w', variable: 'W')]) { sh 'npm run d' }
      }
      sh 'npm run e'`;
    expect(credentialsBySh(text)).toEqual({
      "npm run a": [], "npm run b": ["X"], 'npm run "c"': ["X"], "npm run d": ["W", "X", "Y"], "npm run e": [],
    });
  });

  test("every sh step runs exactly one existing package script", () => {
    const steps = shSteps(code);
    expect(steps.length).toBeGreaterThanOrEqual(7);
    const missing = steps.filter((step) => {
      const m = /^(?:npm|bun) run ([\w:.-]+)(?: -- [^;&|`$]*)?$/.exec(step);
      return m === null || !scripts.includes(m[1]);
    });
    expect(missing).toEqual([]);
  });

  test("has the stages of the delivery pipeline, in order", () => {
    const stages = [...code.matchAll(/stage\('([^']+)'\)/g)].map((m) => m[1]);
    const wanted = ["Setup", "Checks and tests", "Train", "Offline gate", "Package", "Release"];
    expect(stages.filter((s) => wanted.includes(s))).toEqual(wanted);
    expect(stages).toContain("Data refresh");
  });

  test("steps that keep a command's JSON write only that JSON: npm's banner is silenced", () => {
    const redirected = shSteps(code).filter((step) => / > \S+\.json$/.test(step));
    expect(redirected.length).toBeGreaterThanOrEqual(4); // the train report and the daily reports
    expect(code).toMatch(/NPM_CONFIG_LOGLEVEL = 'silent'/);
  });

  test("writes the daily reports nightly", () => {
    const steps = shSteps(code);
    for (const report of ["availability", "online", "analysis"]) {
      expect(steps).toContain(`npm run report -- ${report} --json > reports/${report}.json`);
    }
  });

  test("syncs user profiles nightly with the data, without failing the build when the user API is down", () => {
    expect(shSteps(code)).toContain("npm run profiles:sync -- --json > reports/profiles.json");
    const refresh = stageText(code, "Data refresh");
    expect(refresh).toContain("profiles:sync");
    expect(refresh).toMatch(/returnStatus: true\) != 0\) \{\s*unstable\(/);
  });

  test("builds on every commit, refreshes data nightly and retrains every 3 days", () => {
    expect(code).toMatch(/pollSCM\('[^']+'\)/);
    expect(code).toMatch(/cron\('H 2 \* \* \*'\)/);
    expect(code).toMatch(/sh 'npm run data:refresh'/);
    expect(code).toMatch(/% 3 == 0/);
    expect(code).toMatch(/booleanParam\(name: 'RETRAIN'/);
    expect(code).toMatch(/changeset 'trainer\/\*\*'/);
    expect(code).toMatch(/changeset 'workers\/\*\*'/);
  });

  test("runs the same suite as npm test, every step of it, with its reports", () => {
    expect(packageScripts["test:ci"]).toBe(`${packageScripts.test} --reports=reports`);
    expect(shSteps(stageText(code, "Checks and tests"))).toEqual(["npm run test:ci"]);
  });

  test("publishes the JUnit report of every step and the LCOV coverage of every test runner, where the suite writes them", () => {
    const stage = stageText(code, "Checks and tests");
    expect(stage).toMatch(/junit testResults: 'reports\/junit\/\*\.xml', allowEmptyResults: false/);
    expect(stage).toMatch(/recordCoverage tools: \[\[parser: 'LCOV', pattern: 'reports\/coverage\/\*\/lcov\.info'\]\]/);
    // The suite's own account of where its reports go, and a real run of its quickest step.
    const help = Bun.spawnSync([process.execPath, join(ROOT, "scripts/test.ts"), "--help"]).stdout.toString();
    expect(help).toContain("<dir>/junit/<step>.xml");
    expect(help).toContain("<dir>/coverage/<step>/lcov.info");
    const dir = mkdtempSync(join(tmpdir(), "test-reports-"));
    try {
      Bun.spawnSync([process.execPath, join(ROOT, "scripts/test.ts"), `--reports=${dir}`, "imports"], { cwd: ROOT });
      expect(readFileSync(join(dir, "junit", "imports.xml"), "utf8")).toMatch(/<testcase name="imports" classname="checks\.imports"/);
      expect(existsSync(join(dir, "coverage"))).toBe(false); // the import check runs no code: no coverage
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  test("says which steps have no coverage", () => {
    const before = jenkinsfile.slice(0, jenkinsfile.indexOf("stage('Checks and tests')"));
    expect(before.replace(/\s*\/\/\s*/g, " ")).toMatch(/checks \(typecheck, deno-check, lint, imports\) run no code, so they have no coverage/);
  });

  test("binds each credential only around the steps that need it: never for setup or the tests", () => {
    expect(credentialsBySh(code)).toEqual({
      "npm run setup": [],
      "npm run test:ci": [],
      "npm run data:refresh": ["DATABASE_URL"],
      "npm run profiles:sync -- --json > reports/profiles.json": ["DATABASE_URL", "USER_API_URL"],
      "npm run report -- availability --json > reports/availability.json": ["DATABASE_URL"],
      "npm run report -- online --json > reports/online.json": ["DATABASE_URL"],
      "npm run report -- analysis --json > reports/analysis.json": ["DATABASE_URL", "USER_API_URL"],
      "npm run train -- --json > reports/train.json": ["DATABASE_URL"],
      "npm run gate:offline -- reports/train.json": ["DATABASE_URL"],
      "npm run package -- reports/train.json": ["DATABASE_URL"],
      "npm run release -- reports/train.json": ["ADMIN_TOKEN", "DATABASE_URL", "RELEASE_CANARY_URL", "RESEND_API_KEY"],
    });
    // credentials() in an environment block binds for a whole stage or the whole pipeline.
    expect(code).not.toMatch(/credentials\(/);
  });

  test("takes secrets only from the credential store", () => {
    expect(code).toMatch(/string\(credentialsId: 'database-url', variable: 'DATABASE_URL'\)/);
    for (const m of code.matchAll(/^\s*([A-Z_]*(?:PASSWORD|TOKEN|SECRET|KEY|URL|BROKERS)[A-Z_]*)\s*=\s*(.+)$/gm)) {
      expect(`${m[1]} = ${m[2]}`).toMatch(/= credentials\('[\w-]+'\)$/);
    }
    expect(code).not.toMatch(/re_[A-Za-z0-9]{16,}|postgres(ql)?:\/\/\w+:\w+@|Bearer\s+\w{8,}/);
  });
});
