/**
 * The alert rules as Prometheus itself reads them: `promtool check rules` on every rule
 * file in ops/prometheus, `promtool check config` on prometheus.yml with its rule files
 * where compose mounts them, and `promtool test rules` on the unit tests in
 * ops/prometheus/tests, which must make every alert fire and stay quiet, and check every
 * recording rule. Needs Debian's prometheus package (.ci/run installs it).
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parse, stringify } from "yaml";
import { requirePrometheusBinary } from "../support/start-prometheus.ts";

const ROOT = join(import.meta.dir, "../..");
const PROMETHEUS_DIR = join(ROOT, "ops/prometheus");
const TESTS_DIR = join(PROMETHEUS_DIR, "tests");
const CONFIG = "prometheus.yml";

const promtool = requirePrometheusBinary("promtool");
const scratch = mkdtempSync(join(tmpdir(), "promtool-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs promtool; exit code and everything it printed (it reports test failures on stdout). */
function runPromtool(args: string[], cwd = ROOT): { code: number | null; output: string } {
  const result = Bun.spawnSync([promtool, ...args], { cwd, stdout: "pipe", stderr: "pipe" });
  return { code: result.exitCode, output: `${result.stdout.toString()}${result.stderr.toString()}` };
}

type Rule = { alert?: string; record?: string };
type RuleTest = {
  alert_rule_test?: { alertname: string; exp_alerts?: unknown[] | null }[];
  promql_expr_test?: { expr: string }[];
};

const ruleFiles = readdirSync(PROMETHEUS_DIR).filter((f) => /\.ya?ml$/.test(f) && f !== CONFIG).map((f) => join(PROMETHEUS_DIR, f));
const unitTestFiles = readdirSync(TESTS_DIR).filter((f) => /\.test\.ya?ml$/.test(f)).map((f) => join(TESTS_DIR, f));
const rules = ruleFiles.flatMap((f) => (parse(readFileSync(f, "utf8")) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules));
const unitTests = unitTestFiles.flatMap((f) => (parse(readFileSync(f, "utf8")) as { tests: RuleTest[] }).tests);

describe("promtool", () => {
  test("check rules accepts every rule file in ops/prometheus", () => {
    expect(ruleFiles.length).toBeGreaterThan(0);
    for (const file of ruleFiles) {
      expect({ file: relative(ROOT, file), ...runPromtool(["check", "rules", file]) }).toMatchObject({ code: 0 });
    }
  });

  test("check config accepts prometheus.yml, whose rule files are every rule file, where compose mounts them", () => {
    const compose = parse(readFileSync(join(ROOT, "compose.yaml"), "utf8"), { merge: true }) as {
      services: { prometheus: { volumes: string[] } };
    };
    const mounts = new Map(compose.services.prometheus.volumes.map((v) => v.split(":")).map(([from, to]) => [to, join(ROOT, from)]));
    const config = parse(readFileSync(join(PROMETHEUS_DIR, CONFIG), "utf8")) as { rule_files?: string[] };
    // Inside the container a rule file is the path compose mounts it to; here, the file mounted there.
    const loaded = (config.rule_files ?? []).map((path) => mounts.get(path) ?? path);
    expect(loaded.toSorted()).toEqual(ruleFiles.toSorted());
    const copy = join(scratch, CONFIG);
    writeFileSync(copy, stringify({ ...config, rule_files: loaded }));
    expect(runPromtool(["check", "config", copy])).toMatchObject({ code: 0 });
  });

  test("test rules passes every unit test in ops/prometheus/tests", () => {
    expect(unitTestFiles.length).toBeGreaterThan(0);
    const result = runPromtool(["test", "rules", ...unitTestFiles.map((f) => relative(TESTS_DIR, f))], TESTS_DIR);
    expect(result).toMatchObject({ code: 0 });
  }, 60_000);

  test("test rules fails a unit test whose expected alert does not fire", () => {
    const file = join(scratch, "wrong.test.yml");
    writeFileSync(file, stringify({
      rule_files: [join(PROMETHEUS_DIR, "alerts.yml")],
      evaluation_interval: "1m",
      tests: [{
        interval: "1m",
        input_series: [{ series: 'router_requests_total{status="200"}', values: "0+1000x20" }],
        alert_rule_test: [{ eval_time: "10m", alertname: "RouterAvailabilityLow", exp_alerts: [{ exp_labels: { severity: "page" } }] }],
      }],
    }));
    const result = runPromtool(["test", "rules", file]);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("alertname: RouterAvailabilityLow");
  });

  test("unit tests make every alert fire and stay quiet, and check every recording rule", () => {
    const alertTests = unitTests.flatMap((t) => t.alert_rule_test ?? []);
    const fired = new Set(alertTests.filter((a) => (a.exp_alerts ?? []).length > 0).map((a) => a.alertname));
    const quiet = new Set(alertTests.filter((a) => (a.exp_alerts ?? []).length === 0).map((a) => a.alertname));
    const exprs = unitTests.flatMap((t) => t.promql_expr_test ?? []).map((e) => e.expr.trim());
    const coverage = rules.map((r) =>
      r.alert !== undefined
        ? { rule: r.alert, fires: fired.has(r.alert), staysQuiet: quiet.has(r.alert) }
        : { rule: r.record!, checked: exprs.includes(r.record!) }
    );
    expect(coverage).toEqual(rules.map((r) =>
      r.alert !== undefined ? { rule: r.alert, fires: true, staysQuiet: true } : { rule: r.record!, checked: true }
    ));
  });
});
