import assert from "node:assert/strict";
import { teamDraft } from "../shared/interleaving/team-draft.ts";
import type { RuleSet } from "../shared/rules/index.ts";
import { parseTelemetryEvent, type TelemetryEvent } from "../shared/telemetry/index.ts";
import { deadWorkerUrl, type FakeWorker, startFakeWorker } from "./testing/fake-worker.ts";
import { poolRules } from "./testing/sample-rules.ts";
import { TEST_FALLBACK, testRouterApp } from "./testing/test-router-app.ts";

const STABLE = ["heat+1995", "akira+1988", "up+2009", "alien+1979"];
const CANARY = ["akira+1988", "brazil+1985", "heat+1995", "ran+1985"];

/** Rules that interleave pools stable and canary for every user (variant `mix` takes all). */
function interleavingRules(stableUrl: string, canaryUrl: string, countedAs?: string): RuleSet {
  return poolRules([stableUrl], {
    pools: {
      stable: { urls: [stableUrl], modelVersion: "als-stable" },
      canary: { urls: [canaryUrl], modelVersion: "als-canary" },
    },
    experiments: [{
      key: "mix-test",
      seed: "mix-test",
      coverage: 1,
      status: "running",
      variants: [
        { key: "mix", weight: 1, pool: countedAs, interleave: { a: "stable", b: "canary" }, flags: { rows: 4 } },
        { key: "plain", weight: 0 },
      ],
    }],
  });
}

async function withPools(
  stable: Parameters<typeof startFakeWorker>[0] | "down",
  canary: Parameters<typeof startFakeWorker>[0] | "down",
  run: (urls: { stable: string; canary: string }, workers: FakeWorker[]) => Promise<void>,
) {
  const workers: FakeWorker[] = [];
  const url = async (b: typeof stable) => {
    if (b === "down") return await deadWorkerUrl();
    const worker = startFakeWorker(b);
    workers.push(worker);
    return worker.url;
  };
  try {
    await run({ stable: await url(stable), canary: await url(canary) }, workers);
  } finally {
    await Promise.all(workers.map((w) => w.close()));
  }
}

function recordingApp(rules: RuleSet, budgetMs?: number) {
  const events: TelemetryEvent[] = [];
  const { app } = testRouterApp({ rules, budgetMs, telemetry: { record: (e) => events.push(e) } });
  return { app, events };
}

Deno.test("an interleaving variant merges both pools' lists by team draft seeded by the request id", async () => {
  await withPools({ body: STABLE.join(","), modelVersion: "als-s1" }, { body: CANARY.join(","), modelVersion: "als-c1" }, async (urls, workers) => {
    const { app, events } = recordingApp(interleavingRules(urls.stable, urls.canary));
    const response = await app.request("/recommend/42");
    const merged = teamDraft(STABLE, CANARY, "req-1", 4);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), merged.items.join(","));
    assert.equal(response.headers.get("X-Variant"), "mix-test=mix,interleaved=stable+canary");
    // Counted as pool a (stable): its worker's model labels the answer.
    assert.equal(response.headers.get("X-Model-Version"), "als-s1");
    // Both pools were asked once, with the request's id and flags.
    for (const worker of workers) {
      assert.equal(worker.requests.length, 1);
      assert.equal(worker.requests[0].headers.get("X-Request-Id"), "req-1");
      assert.equal(worker.requests[0].headers.get("X-Flags"), JSON.stringify({ rows: 4 }));
    }
    assert.equal(events.length, 1);
    assert.equal(events[0].pool, "stable");
    assert.deepEqual(events[0].items, merged.items);
    assert.deepEqual(events[0].interleaving, { a: "stable", b: "canary", interleaved: true, teams: merged.teams });
    // What the router records is a valid event of the current format.
    assert.ok(parseTelemetryEvent(JSON.stringify(events[0])).ok);
    const metrics = await (await app.request("/metrics")).text();
    assert.match(metrics, /router_interleaving_total\{outcome="interleaved"\} 1/);
  });
});

Deno.test("an interleaved answer is labelled with the pool the rules count it as", async () => {
  await withPools({ body: STABLE.join(","), modelVersion: "als-s1" }, { body: CANARY.join(","), modelVersion: "als-c1" }, async (urls) => {
    const { app, events } = recordingApp(interleavingRules(urls.stable, urls.canary, "canary"));
    const response = await app.request("/recommend/42");
    await response.text();
    assert.equal(response.headers.get("X-Model-Version"), "als-c1");
    assert.equal(events[0].pool, "canary");
    assert.equal(events[0].interleaving?.interleaved, true);
  });
});

Deno.test("when one interleaved pool is down, the other pool's list is the answer, recorded as not interleaved", async () => {
  await withPools("down", { body: CANARY.join(","), modelVersion: "als-c1" }, async (urls) => {
    const { app, events } = recordingApp(interleavingRules(urls.stable, urls.canary));
    const response = await app.request("/recommend/42");
    assert.equal(response.status, 200);
    assert.equal(await response.text(), CANARY.join(","));
    assert.equal(response.headers.get("X-Variant"), "mix-test=mix");
    assert.equal(response.headers.get("X-Model-Version"), "als-c1");
    assert.equal(events[0].pool, "canary");
    assert.equal(events[0].fallback, false);
    assert.deepEqual(events[0].interleaving, { a: "stable", b: "canary", interleaved: false, teams: ["B", "B", "B", "B"] });
    const metrics = await (await app.request("/metrics")).text();
    assert.match(metrics, /router_interleaving_total\{outcome="single_pool"\} 1/);
  });
});

Deno.test("a late interleaved pool costs no more than the budget: the pool in time answers alone", async () => {
  await withPools({ body: STABLE.join(",") }, { body: CANARY.join(","), delayMs: 2000 }, async (urls) => {
    const { app, events } = recordingApp(interleavingRules(urls.stable, urls.canary), 200);
    const started = performance.now();
    const response = await app.request("/recommend/42");
    const elapsed = performance.now() - started;
    assert.equal(await response.text(), STABLE.join(","));
    // The late pool takes 2 s: an answer well before that did not wait for it (how fast is bench:serve's figure).
    assert.ok(elapsed < 1000, `answered after ${elapsed.toFixed(0)} ms`);
    assert.deepEqual(events[0].interleaving?.teams, ["A", "A", "A", "A"]);
    assert.equal(events[0].interleaving?.interleaved, false);
  });
});

Deno.test("when both interleaved pools fail, the fallback list is the answer, as for any request", async () => {
  await withPools("down", { status: 500 }, async (urls) => {
    const { app, events } = recordingApp(interleavingRules(urls.stable, urls.canary));
    const response = await app.request("/recommend/42");
    assert.equal(await response.text(), TEST_FALLBACK.join(","));
    assert.equal(response.headers.get("X-Model-Version"), "fallback");
    assert.equal(response.headers.get("X-Variant"), "mix-test=mix");
    assert.equal(events[0].fallbackReason, "no_worker_answer");
    assert.equal(events[0].pool, "stable");
    assert.deepEqual(events[0].interleaving, { a: "stable", b: "canary", interleaved: false, teams: [] });
    assert.ok(parseTelemetryEvent(JSON.stringify(events[0])).ok);
    const metrics = await (await app.request("/metrics")).text();
    assert.match(metrics, /router_interleaving_total\{outcome="no_worker_answer"\} 1/);
  });
});

Deno.test("an interleaving route interleaves its users; other users get their pool alone", async () => {
  await withPools({ body: STABLE.join(",") }, { body: CANARY.join(",") }, async (urls, workers) => {
    const rules = poolRules([urls.stable], {
      pools: {
        stable: { urls: [urls.stable], modelVersion: "als-stable" },
        canary: { urls: [urls.canary], modelVersion: "als-canary" },
      },
      routes: [{ name: "canary-mix", match: { users: [7] }, pool: "canary", interleave: { a: "stable", b: "canary" } }],
    });
    const { app, events } = recordingApp(rules);
    const mixed = await app.request("/recommend/7");
    assert.equal(await mixed.text(), teamDraft(STABLE, CANARY, "req-1", 4).items.join(","));
    assert.equal(mixed.headers.get("X-Variant"), "interleaved=stable+canary");
    const plain = await app.request("/recommend/8");
    assert.equal(await plain.text(), STABLE.join(","));
    assert.equal(plain.headers.get("X-Variant"), "");
    assert.deepEqual(events.map((e) => [e.pool, e.interleaving?.interleaved ?? null]), [["canary", true], ["stable", null]]);
    assert.deepEqual(workers.map((w) => w.requests.length), [2, 1]);
  });
});
