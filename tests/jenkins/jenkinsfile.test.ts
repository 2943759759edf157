/**
 * Jenkins cannot run here, so the Jenkinsfile is checked statically: every
 * `sh` step calls a package.json script (and CI runs those scripts), the
 * stages and triggers the delivery issue names exist, and no secret is written
 * into the file.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dir, "../..");
const jenkinsfile = readFileSync(join(ROOT, "Jenkinsfile"), "utf8");
const scripts = Object.keys((JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);
const code = jenkinsfile.split("\n").map((line) => line.replace(/^\s*\/\/.*$/, "")).join("\n");

/** The command of every `sh '…'`, `sh "…"` and `sh(script: '…')` step. */
function shSteps(text: string): string[] {
  const steps = [...text.matchAll(/\bsh\s*\(?\s*(?:script:\s*)?(['"]{1,3})([\s\S]*?)\1/g)].map((m) => m[2].trim());
  return steps;
}

describe("Jenkinsfile", () => {
  test("shSteps() finds single- and double-quoted steps", () => {
    expect(shSteps(`sh 'npm run a'\nsh "bun run b"\nsh(script: 'npm run c')`)).toEqual(["npm run a", "bun run b", "npm run c"]);
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

  test("has the stages the delivery issue names, in order", () => {
    const stages = [...code.matchAll(/stage\('([^']+)'\)/g)].map((m) => m[1]);
    const wanted = ["Setup", "Static checks", "Unit and integration tests", "Train", "Offline gate", "Package", "Release"];
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
    const refresh = code.slice(code.indexOf("stage('Data refresh')"), code.indexOf("stage('Daily reports')"));
    expect(refresh).toContain("profiles:sync");
    expect(refresh).toMatch(/returnStatus: true\) != 0\) \{\s*unstable\(/);
    expect(code).toMatch(/USER_API_URL = credentials\('user-api-url'\)/);
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

  test("publishes JUnit results and an LCOV coverage report", () => {
    expect(code).toMatch(/junit testResults: 'reports\/junit\.xml'/);
    expect(code).toMatch(/recordCoverage tools: \[\[parser: 'LCOV', pattern: 'reports\/coverage\/lcov\.info'\]\]/);
  });

  test("takes secrets only from the credential store", () => {
    expect(code).toMatch(/= credentials\('database-url'\)/);
    for (const m of code.matchAll(/^\s*([A-Z_]*(?:PASSWORD|TOKEN|SECRET|KEY|URL|BROKERS)[A-Z_]*)\s*=\s*(.+)$/gm)) {
      expect(`${m[1]} = ${m[2]}`).toMatch(/= credentials\('[\w-]+'\)$/);
    }
    expect(code).not.toMatch(/re_[A-Za-z0-9]{16,}|postgres(ql)?:\/\/\w+:\w+@|Bearer\s+\w{8,}/);
  });
});
