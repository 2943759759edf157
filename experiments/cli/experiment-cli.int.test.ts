import { afterAll, beforeAll, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { readRules, writeRules } from "../../infra/rules/rules-store.ts";
import { parseRuleSet, resolveRequest, type RuleSet } from "../../shared/rules/index.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database.ts";

let testDb: TestDatabase;
let database: Database;
const dir = mkdtempSync(join(tmpdir(), "experiment-cli-"));
const CLI = join(import.meta.dir, "experiment-main.ts");
const STREAM_CLOCK = Date.parse("2031-02-03T04:05:06.789Z");

const seedRules: RuleSet = {
  formatVersion: 1,
  version: 0,
  pools: {
    stable: { urls: ["http://worker-1:8080"], modelVersion: "als-1" },
    canary: { urls: ["http://worker-2:8080"], modelVersion: "als-2" },
  },
  routes: [],
  defaultPool: "stable",
  experiments: [],
};

const ranker = {
  key: "ranker-v2",
  hypothesis: "the v2 model raises conversion without slowing answers",
  layer: { name: "home", end: 0.5 },
  variants: [
    { key: "control", weight: 0.5 },
    { key: "treatment", weight: 0.5, pool: "canary", flags: { ranker: "v2" } },
  ],
};

function experiment(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, DATABASE_URL: testDb.url, KAFKA_TOPIC: "movielog" },
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

async function storedRules(): Promise<RuleSet> {
  const parsed = parseRuleSet(await readRules(database.sql));
  if (!parsed.ok) throw new Error(`stored rules invalid: ${parsed.errors.join("; ")}`);
  return parsed.rules;
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url, { applicationName: "experiment-cli-test" });
  await writeRules(database.sql, seedRules, { actor: "test", source: "seed" });
});

afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

test("experiment create stores a draft the rules validator accepts, its design, and an audit row", async () => {
  const result = experiment("create", file("ranker.json", ranker), "--json");
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout)).toEqual({ key: "ranker-v2", status: "draft", rulesVersion: 2 });

  const rules = await storedRules();
  expect(rules.experiments).toEqual([{
    key: "ranker-v2",
    namespace: ["home", 0, 0.5],
    seed: "ranker-v2",
    coverage: 1,
    status: "draft",
    variants: ranker.variants,
  }]);
  const [audit] = await database.sql`
    select actor, source from rules_audit where version = 2`;
  expect(audit.source).toBe("cli");
  expect(audit.actor).toStartWith("experiment-cli (");
  const [design] = await database.sql`
    select control_variant, primary_metric, guardrail_metrics, conversion_window_ms, started_at,
      equivalence_margin, observation_window_ms, planned_users
    from experiment_designs where key = 'ranker-v2'`;
  expect(design).toEqual({
    control_variant: "control",
    primary_metric: "conversion",
    guardrail_metrics: ["latency_ms"],
    conversion_window_ms: 600_000,
    started_at: null,
    // No margin declared: no "equivalent" verdict; the default 7-day observation window.
    equivalence_margin: null,
    observation_window_ms: 604_800_000,
    // No planned size declared: the report tunes its sequences for its default.
    planned_users: null,
  });
});

test("a draft experiment assigns nobody", async () => {
  const resolution = resolveRequest(await storedRules(), { userId: 1, headers: {} });
  expect(resolution.assignments).toEqual([]);
});

test("experiment create exits 2 on a key already in the rules", () => {
  const result = experiment("create", file("again.json", ranker));
  expect(result.code).toBe(2);
  expect(result.stderr.trim()).toBe('experiment "ranker-v2" is already in the rules');
});

test("experiment create exits 2 naming the field of an invalid document, and writes nothing", async () => {
  const { hypothesis: _, ...noHypothesis } = ranker;
  const result = experiment("create", file("invalid.json", { ...noHypothesis, key: "nohyp" }));
  expect(result.code).toBe(2);
  expect(result.stderr).toContain("hypothesis: hypothesis is required");
  expect(result.stderr.trim().split("\n")).toHaveLength(1);
  expect((await storedRules()).version).toBe(2);
});

test("experiment create exits 2 naming a worker flag every worker would drop, and writes nothing", async () => {
  const blend = {
    ...ranker,
    key: "blend",
    variants: [ranker.variants[0], { key: "treatment", weight: 0.5, flags: { popularityBlend: 8 } }],
  };
  const result = experiment("create", file("blend.json", blend));
  expect(result.code).toBe(2);
  expect(result.stderr.trim()).toBe(
    `${join(dir, "blend.json")} is not a valid experiment: variants.1.flags.popularityBlend: popularityBlend must be a number from 0 to 1: got 8`,
  );
  expect((await storedRules()).version).toBe(2);
});

test("experiment create exits 2 with the rules validator's reason on an unknown pool, leaving no design", async () => {
  const lost = {
    ...ranker,
    key: "lost",
    variants: [ranker.variants[0], { key: "treatment", weight: 0.5, pool: "nowhere" }],
  };
  const result = experiment("create", file("lost.json", lost));
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('pool "nowhere" is not in pools ("canary", "stable")');
  const designs = await database.sql`select key from experiment_designs where key = 'lost'`;
  expect(designs).toHaveLength(0);
  expect((await storedRules()).experiments.map((e) => e.key)).toEqual(["ranker-v2"]);
});

test("experiment start makes it running, recording the wall clock and the stream's clock", async () => {
  await database.sql`
    insert into ingest_checkpoints (consumer, cluster_id, topic, partition, next_offset, watermark)
    values ('ingest', 'c1', 'movielog', 0, 10, ${
    new Date(STREAM_CLOCK).toISOString()
  }::timestamptz)`;
  const before = Date.now();
  const result = experiment("start", "ranker-v2", "--json");
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  const output = JSON.parse(result.stdout);
  expect(output).toMatchObject({ key: "ranker-v2", status: "running", rulesVersion: 3 });
  expect(Date.parse(output.startedAt)).toBeGreaterThanOrEqual(before);
  expect(Date.parse(output.startedAt)).toBeLessThanOrEqual(Date.now());
  expect(output.streamStartedAt).toBe(new Date(STREAM_CLOCK).toISOString());
  expect((await storedRules()).experiments[0].status).toBe("running");
});

test("a running experiment assigns about half the users (its half of the layer) a variant, with its pool and flags", async () => {
  const rules = await storedRules();
  const assigned = Array.from(
    { length: 200 },
    (_, userId) => resolveRequest(rules, { userId, headers: {} }),
  )
    .filter((r) => r.assignments.length > 0);
  // Half the layer, full coverage: about 100 of 200 users.
  expect(assigned.length).toBeGreaterThan(60);
  expect(assigned.length).toBeLessThan(140);
  const treated = assigned.find((r) => r.assignments[0].variant === "treatment")!;
  expect(treated.pool).toBe("canary");
  expect(treated.flags).toEqual({ ranker: "v2" });
  expect(treated.assignments).toEqual([{ experiment: "ranker-v2", variant: "treatment" }]);
});

test("experiment start exits 2 on an experiment already running", () => {
  const result = experiment("start", "ranker-v2");
  expect(result.code).toBe(2);
  expect(result.stderr.trim()).toBe(
    'experiment "ranker-v2" is running: only a draft or stopped experiment can become running',
  );
});

test("experiment start and show exit 2 on an unknown key", () => {
  const started = experiment("start", "nope");
  expect(started.code).toBe(2);
  expect(started.stderr.trim()).toBe('no experiment "nope" in the rules');
  const shown = experiment("show", "nope", "--json");
  expect(shown.code).toBe(2);
  expect(shown.stderr.trim()).toBe('no experiment "nope" in the rules');
});

test("experiment show --json merges the rules experiment with its design", () => {
  const result = experiment("show", "ranker-v2", "--json");
  expect(result.code).toBe(0);
  const shown = JSON.parse(result.stdout);
  expect(shown).toMatchObject({
    key: "ranker-v2",
    status: "running",
    namespace: ["home", 0, 0.5],
    variants: ranker.variants,
    design: {
      hypothesis: ranker.hypothesis,
      controlVariant: "control",
      primaryMetric: "conversion",
      guardrailMetrics: ["latency_ms"],
      conversionWindowMs: 600_000,
      streamStartedAt: new Date(STREAM_CLOCK).toISOString(),
      stoppedAt: null,
    },
  });
});

test("experiment stop makes it stopped, so it assigns nobody, and records when", async () => {
  const result = experiment("stop", "ranker-v2", "--json");
  expect(result.code).toBe(0);
  const output = JSON.parse(result.stdout);
  expect(output).toMatchObject({ key: "ranker-v2", status: "stopped", rulesVersion: 4 });
  expect(output.streamStoppedAt).toBe(new Date(STREAM_CLOCK).toISOString());
  expect(Date.parse(output.stoppedAt)).toBeGreaterThanOrEqual(Date.parse(output.startedAt));
  const rules = await storedRules();
  expect(rules.experiments[0].status).toBe("stopped");
  expect(resolveRequest(rules, { userId: 1, headers: {} }).assignments).toEqual([]);
  expect(experiment("stop", "ranker-v2").code).toBe(2);
});

test("experiment list --json prints every experiment with its design; without --json a table", () => {
  const json = experiment("list", "--json");
  expect(json.code).toBe(0);
  const { experiments } = JSON.parse(json.stdout);
  expect(experiments.map((e: { key: string; status: string }) => [e.key, e.status])).toEqual([
    ["ranker-v2", "stopped"],
  ]);
  expect(experiments[0].design.controlVariant).toBe("control");
  const table = experiment("list");
  expect(table.code).toBe(0);
  expect(table.stdout.split("\n")[0]).toStartWith("KEY");
  expect(table.stdout).toContain("ranker-v2");
  expect(table.stdout).toContain("control 50% / treatment 50% → canary");
});

test("experiment start refuses an experiment written with rules set, which has no design", async () => {
  const rules = await storedRules();
  const bare = { ...rules.experiments[0], key: "bare", seed: "bare", namespace: undefined };
  await writeRules(database.sql, { ...rules, experiments: [...rules.experiments, bare] }, {
    actor: "test",
    source: "api",
  });
  const result = experiment("start", "bare");
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('experiment "bare" has no design');
  expect((await storedRules()).experiments[1].status).toBe("stopped");
});

test("experiment exits 2 with the usage on a bad command line and on a file that is not JSON", () => {
  const usage = experiment("frobnicate");
  expect(usage.code).toBe(2);
  expect(usage.stderr).toContain("usage: bun run experiment");
  expect(experiment("create", file("broken.json", "{ not json")).code).toBe(2);
});

test("experiment create stores targeting by user attributes, which then enrols only matching users", async () => {
  const writers = {
    key: "writers",
    hypothesis: "writers convert better with ten rows",
    targeting: { attributes: { ageBands: ["25-34"], occupations: ["writer"] } },
    variants: [{ key: "twenty", weight: 0.5 }, { key: "ten", weight: 0.5, flags: { rows: 10 } }],
  };
  const created = experiment("create", file("writers.json", writers), "--json");
  expect(created.stderr).toBe("");
  expect(created.code).toBe(0);
  expect((await storedRules()).experiments.find((e) => e.key === "writers")?.targeting as unknown)
    .toEqual(writers.targeting);
  expect(experiment("start", "writers").code).toBe(0);
  const rules = await storedRules();
  const enrolled = (attributes?: { ageBand: "25-34" | "35-44"; gender: string; occupation: string }) =>
    resolveRequest(rules, { userId: 1, headers: {}, attributes }).assignments
      .map((a) => a.experiment);
  expect(enrolled({ ageBand: "25-34", gender: "M", occupation: "writer" })).toEqual(["writers"]);
  expect(enrolled({ ageBand: "35-44", gender: "M", occupation: "writer" })).toEqual([]);
  expect(enrolled(undefined)).toEqual([]);
});

test("experiment create stores an interleaving variant, and refuses an interleaving control or an unknown interleaved pool", async () => {
  const interleaving = {
    key: "prefer-canary",
    hypothesis: "users prefer the canary ranking to the stable one",
    variants: [{ key: "control", weight: 0.5 }, { key: "interleaved", weight: 0.5, interleave: { a: "stable", b: "canary" } }],
  };
  const created = experiment("create", file("prefer.json", interleaving));
  expect(created.stderr).toBe("");
  expect(created.code).toBe(0);
  expect((await storedRules()).experiments.find((e) => e.key === "prefer-canary")?.variants[1])
    .toEqual({ key: "interleaved", weight: 0.5, interleave: { a: "stable", b: "canary" } });

  const control = experiment("create", file("prefer-control.json", { ...interleaving, key: "ctl", control: "interleaved" }));
  expect(control.code).toBe(2);
  expect(control.stderr).toContain('variants.1.interleave: the control "interleaved" must not interleave');
  const lost = {
    ...interleaving,
    key: "lost-pair",
    variants: [interleaving.variants[0], { key: "interleaved", weight: 0.5, interleave: { a: "stable", b: "nowhere" } }],
  };
  const refused = experiment("create", file("lost-pair.json", lost));
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('"nowhere"');
  expect((await storedRules()).experiments.map((e) => e.key)).not.toContain("lost-pair");
});
