/**
 * `bun run bench:serve [--json] [--seconds N] [--connections N]`: serving throughput and
 * latency on loopback, printed, never asserted. One Bun worker (workers/main.ts) serves a
 * tiny artifact; it is loaded three ways with wrk: directly, through the Deno router
 * (router/main.ts, telemetry off), and through Debian's nginx with a keepalive upstream
 * (config in a temp dir, one worker process, run as a child). The paths take turns for
 * `--rounds` rounds (default 3), since this machine's figures drift between runs; each
 * figure is the median over rounds. Reports rps, p50 and p99, the CPU time the proxy
 * process spent per request (Linux), and router/nginx ratios. Target: router ≥ 1.0×
 * nginx rps, p99 ≤ 1.2× nginx. `--bare` adds a fourth path, bench/deno/bare-proxy.ts: the
 * same upstream client in a bare Deno.serve, which tells the router's own cost from
 * the runtime's (text output only; the JSON keeps its shape).
 * A second worker (the same model with two users' lists swapped) is a second pool, and
 * the rules interleave both pools for user 20 (team draft, shared/interleaving): the
 * `interleaved` path loads the same router with that user, so its p99 beside the
 * router's (user 10, one pool) is what interleaving costs in latency.
 * Needs wrk and nginx; without wrk a Bun fetch loop stands in (figures not comparable),
 * without nginx that path is skipped. `--json` prints exactly
 * {"direct":{"rps","p50_ms","p99_ms"},"router":{…},"nginx":{…}|null,"interleaved":{…}|null,
 * "ratio_rps","ratio_p99","ratio_interleaved_p99"}.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { connectDatabase } from "../infra/db/connect-database.ts";
import { stopChild } from "../infra/process/stop-child.ts";
import { writeRules } from "../infra/rules/rules-store.ts";
import { RuleSet } from "../shared/rules/index.ts";
import { freePort } from "../tests/support/free-port.ts";
import { createTestDatabase } from "../tests/support/test-database.ts";
import { waitFor } from "../tests/support/wait-for.ts";
import { writeCircleArtifact } from "../workers/testing/circle-artifacts.ts";
import { readProcessArgs } from "../infra/cli/command.ts";

const args = readProcessArgs({
  name: "bun run bench:serve",
  summary: "Serving latency and throughput through the router, printed, never asserted.",
  usage: ["[--json] [--seconds N] [--connections N] [--rounds N] [--bare]"],
  examples: ["bun run bench:serve --seconds 10"],
  flags: {
    seconds: z.coerce.number().int().min(1).default(5).describe("wrk's duration per path and round (default 5)"),
    connections: z.coerce.number().int().min(1).default(50).describe("wrk's connections (default 50)"),
    rounds: z.coerce.number().int().min(1).default(3).describe("rounds the paths take turns for (default 3)"),
    bare: z.boolean().default(false).describe("adds a bare Deno proxy path, the runtime's floor (text output only)"),
  },
  json: true,
});
const { seconds: SECONDS, connections: CONNECTIONS, rounds: ROUNDS } = args;
const say = (s: string) => { if (!args.json) console.log(s); };
const root = join(import.meta.dir, "..");
/** Whether `bin` is on PATH (it ran at all, whatever its exit code). */
const has = (bin: string, flag: string) => spawnSync(bin, [flag], { stdio: "ignore" }).error === undefined;

type Figures = { rps: number; p50_ms: number; p99_ms: number };
const children: ChildProcess[] = [];
const start = (cmd: string, argv: string[], env: Record<string, string> = {}) => {
  const child = spawn(cmd, argv, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
  child.stderr!.resume();
  children.push(child);
  return child;
};

/** CPU seconds (user + system) a process has used so far; null off Linux. */
function cpuSeconds(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

/** wrk's "50%  1.23ms" / "2.1s" / "800.00us" latency figures, in ms. */
function toMs(text: string): number {
  const m = text.match(/^([\d.]+)(us|ms|s)$/);
  if (!m) throw new Error(`cannot read wrk latency ${JSON.stringify(text)}`);
  return Number(m[1]) * (m[2] === "us" ? 0.001 : m[2] === "s" ? 1000 : 1);
}

function runWrk(url: string, seconds: number): Figures {
  const out = spawnSync("wrk", ["-t2", `-c${CONNECTIONS}`, `-d${seconds}s`, "--latency", url], { encoding: "utf8" }).stdout;
  const pct = (p: string) => toMs(out.match(new RegExp(`^\\s+${p}%\\s+(\\S+)`, "m"))?.[1] ?? "");
  const errors = out.match(/Non-2xx or 3xx responses: (\d+)|Socket errors: .*/g);
  if (errors) say(`  wrk reported: ${errors.join("; ")}`);
  return { rps: Math.round(Number(out.match(/Requests\/sec:\s+([\d.]+)/)?.[1])), p50_ms: pct("50"), p99_ms: pct("99") };
}

/** Stand-in load when wrk is missing: CONNECTIONS fetch loops in this process. */
async function runFetchLoops(url: string, seconds: number): Promise<Figures> {
  const times: number[] = [];
  const end = performance.now() + seconds * 1000;
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      await (await fetch(url)).text();
      times.push(performance.now() - t0);
    }
  }));
  times.sort((a, b) => a - b);
  const q = (p: number) => Math.round(times[Math.floor(p * (times.length - 1))] * 100) / 100;
  return { rps: Math.round(times.length / seconds), p50_ms: q(0.5), p99_ms: q(0.99) };
}

const useWrk = has("wrk", "--version");
const load = async (url: string, seconds: number) => (useWrk ? runWrk(url, seconds) : await runFetchLoops(url, seconds));
if (!useWrk) say("wrk not found (apt-get install wrk): a Bun fetch loop stands in; figures are not comparable to wrk's");

function nginxConfig(dir: string, port: number, upstream: string): string {
  const conf = join(dir, "nginx.conf");
  writeFileSync(conf, `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream worker { server ${upstream}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location / { proxy_pass http://worker; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
`);
  return conf;
}

const dir = mkdtempSync(join(tmpdir(), "serve-bench-"));
const database = await createTestDatabase();
try {
  const artifact = await writeCircleArtifact(dir, "bench-1", "A");
  const otherArtifact = await writeCircleArtifact(dir, "bench-2", "B");
  const [workerPort, routerPort, nginxPort, barePort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const otherWorkerPort = await freePort();
  const worker = `127.0.0.1:${workerPort}`;
  const workerProcess = start(process.execPath, ["workers/main.ts"], {
    WORKER_PORT: String(workerPort), WORKER_HOST: "127.0.0.1", WORKER_MODEL_PATH: artifact, DATABASE_URL: "", WORKER_STATE_DIR: join(dir, "worker-state"),
  });
  start(process.execPath, ["workers/main.ts"], {
    WORKER_PORT: String(otherWorkerPort), WORKER_HOST: "127.0.0.1", WORKER_MODEL_PATH: otherArtifact, DATABASE_URL: "",
    WORKER_STATE_DIR: join(dir, "other-worker-state"),
  });
  // The rules before the router starts (it seeds only empty rules): user 20 interleaves both pools.
  const rulesDb = connectDatabase(database.url, { applicationName: "serve-bench" });
  try {
    await writeRules(rulesDb.sql, RuleSet.parse({
      formatVersion: 1,
      version: 0,
      pools: {
        stable: { urls: [`http://${worker}`], modelVersion: "bench-1" },
        other: { urls: [`http://127.0.0.1:${otherWorkerPort}`], modelVersion: "bench-2" },
      },
      routes: [{ name: "interleave-bench", match: { users: [20] }, pool: "stable", interleave: { a: "stable", b: "other" } }],
      defaultPool: "stable",
      experiments: [],
    }), { actor: "bench", source: "seed" });
    // The interleaving's own columns, as an operator's SQL would set them (whatever the store writes).
    await rulesDb.sql`update rules_routes set interleave_a = 'stable', interleave_b = 'other' where name = 'interleave-bench'`;
  } finally {
    await rulesDb.close();
  }
  // The real binary: node_modules/.bin/deno is a Node wrapper that would not pass signals on.
  const deno: string = createRequire(join(root, "package.json"))("deno/install_api.cjs").runInstall();
  const routerProcess = start(deno, ["run", "--allow-all", "router/main.ts"], {
    DATABASE_URL: database.url, ROUTER_PORT: String(routerPort), ROUTER_HOST: "127.0.0.1", KAFKA_BROKERS: "", ROUTER_STATE_DIR: join(dir, "router-state"),
    ROUTER_SEED_POOL_URLS: `http://${worker}`, ROUTER_SEED_MODEL_VERSION: "bench-1",
  });
  const bareProcess = args.bare
    ? start(deno, ["run", "--allow-net", "--allow-env", "bench/deno/bare-proxy.ts"], { BARE_PORT: String(barePort), BARE_UPSTREAM: `http://${worker}` })
    : null;
  const hasNginx = has("nginx", "-v");
  const nginxProcess = hasNginx
    ? start("nginx", ["-p", dir, "-c", nginxConfig(dir, nginxPort, worker), "-g", "daemon off;"])
    : null;
  if (!hasNginx) say("nginx not found (apt-get install nginx-light): the nginx path is skipped");

  type PathName = "direct" | "router" | "nginx" | "bare" | "interleaved";
  const rounds: Record<PathName, { figures: Figures; proxyUs: number | null; workerUs: number | null }[]> = {
    direct: [],
    router: [],
    nginx: [],
    bare: [],
    interleaved: [],
  };
  const paths: [PathName, string][] = [
    ["direct", `http://${worker}/recommend/10`],
    ["router", `http://127.0.0.1:${routerPort}/recommend/10`],
    ["interleaved", `http://127.0.0.1:${routerPort}/recommend/20`],
    ...(hasNginx ? [["nginx", `http://127.0.0.1:${nginxPort}/recommend/10`] as [PathName, string]] : []),
    ...(bareProcess ? [["bare", `http://127.0.0.1:${barePort}/recommend/10`] as [PathName, string]] : []),
  ];
  for (const [name, url] of paths) {
    await waitFor(`${name} to answer from the worker`, async () => {
      const response = await fetch(url);
      const answered = (await response.text()).length > 0 && response.headers.get("x-model-version") === "bench-1";
      // Interleaved only once both pools answer (the other worker may still be loading).
      return answered && (name !== "interleaved" || response.headers.get("x-variant") === "interleaved=stable+other");
    }, 60_000, 200);
  }
  // The process that forwards on each path, for its CPU time: nginx's is the master's child.
  const nginxWorkerPid = () => {
    try {
      const pid = nginxProcess?.pid;
      return Number(readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(" ")[0]) || undefined;
    } catch {
      return undefined;
    }
  };
  const proxyPid = {
    direct: undefined,
    router: routerProcess.pid,
    nginx: nginxWorkerPid(),
    bare: bareProcess?.pid,
    interleaved: routerProcess.pid,
  };
  say(`${useWrk ? "wrk -t2" : "fetch loops"}, ${CONNECTIONS} connections, ${SECONDS} s per path after a 2 s warm-up, loopback, ${ROUNDS} rounds taking turns`);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, url] of paths) {
      await load(url, 2);
      const before = [cpuSeconds(proxyPid[name]), cpuSeconds(workerProcess.pid)];
      const figures = await load(url, SECONDS);
      const after = [cpuSeconds(proxyPid[name]), cpuSeconds(workerProcess.pid)];
      const perRequest = (i: number) => {
        const [b, a] = [before[i], after[i]];
        return a === null || b === null ? null : Math.round(((a - b) * 1e6) / (figures.rps * SECONDS) * 10) / 10;
      };
      rounds[name].push({ figures, proxyUs: perRequest(0), workerUs: perRequest(1) });
    }
  }
  const results: { direct: Figures | null; router: Figures | null; nginx: Figures | null; interleaved: Figures | null } = {
    direct: null,
    router: null,
    nginx: null,
    interleaved: null,
  };
  const bare: { figures: Figures | null } = { figures: null };
  for (const [name] of paths) {
    const runs = rounds[name];
    const figures = {
      rps: median(runs.map((r) => r.figures.rps)),
      p50_ms: median(runs.map((r) => r.figures.p50_ms)),
      p99_ms: median(runs.map((r) => r.figures.p99_ms)),
    };
    if (name === "bare") bare.figures = figures;
    else results[name] = figures;
    const cpu = (label: string, values: (number | null)[]) =>
      values.every((v) => v !== null) ? `${label} ${median(values as number[]).toFixed(1)} µs` : null;
    const costs = [cpu("proxy", runs.map((r) => r.proxyUs)), cpu("worker", runs.map((r) => r.workerUs))]
      .filter((c) => c !== null && !(name === "direct" && c.startsWith("proxy")));
    say(`  ${name.padEnd(11)} ${String(figures.rps).padStart(7)} rps   p50 ${figures.p50_ms.toFixed(2)} ms   p99 ${figures.p99_ms.toFixed(2)} ms` +
      `   (rounds: ${runs.map((r) => r.figures.rps).join(", ")} rps)` +
      (costs.length > 0 ? `   CPU per request: ${costs.join(", ")}` : ""));
  }
  const ratio = (a: number | undefined, b: number | undefined) => (a && b ? Math.round((a / b) * 100) / 100 : null);
  const summary = {
    ...results,
    ratio_rps: ratio(results.router?.rps, results.nginx?.rps),
    ratio_p99: ratio(results.router?.p99_ms, results.nginx?.p99_ms),
    ratio_interleaved_p99: ratio(results.interleaved?.p99_ms, results.router?.p99_ms),
  };
  say(`router/nginx: ${summary.ratio_rps ?? "n/a"}× throughput (target ≥ 1.0), ${summary.ratio_p99 ?? "n/a"}× p99 (target ≤ 1.2)`);
  say(`interleaved/router (two pools merged vs one pool, same router): ${summary.ratio_interleaved_p99 ?? "n/a"}× p99, ` +
    `${ratio(results.interleaved?.rps, results.router?.rps) ?? "n/a"}× throughput`);
  if (bare.figures) say(`bare Deno proxy/nginx: ${ratio(bare.figures.rps, results.nginx?.rps) ?? "n/a"}× throughput, ${ratio(bare.figures.p99_ms, results.nginx?.p99_ms) ?? "n/a"}× p99`);
  if (args.json) console.log(JSON.stringify(summary));
} finally {
  await Promise.all(children.map((c) => stopChild(c, 3000)));
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
}
