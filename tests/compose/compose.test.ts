/**
 * compose.yaml cannot be run here (no Docker engine), so it is checked
 * statically: every build, file, port, volume, variable and dependency it uses
 * exists and fits together, secrets only come from .env, only the routers and
 * Kafka's public listener are published beyond 127.0.0.1, the status page asks for
 * its token, and every service the README names is defined. Kafka's security and
 * the telemetry signing key are checked in kafka-security.test.ts, the Postgres
 * roles in least-privilege.test.ts and least-privilege.int.test.ts.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

const ROOT = join(import.meta.dir, "../..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
type Service = {
  image?: string; build?: { context: string; dockerfile?: string }; entrypoint?: string[]; command?: string[]; ports?: string[];
  volumes?: string[]; environment?: Record<string, unknown>; depends_on?: Record<string, unknown> | string[];
  healthcheck?: unknown; restart?: string; profiles?: string[]; secrets?: (string | { source: string; target?: string })[];
};
const compose = parse(read("compose.yaml"), { merge: true }) as {
  services: Record<string, Service>; volumes: Record<string, unknown>; secrets?: Record<string, { environment?: string; file?: string }>;
};
const services = Object.entries(compose.services);

/** A `ports:` entry, `[address:]host:container`. */
function publishedPort(entry: string): { address: string; hostPort: string; containerPort: string } {
  const parts = entry.split(":");
  const [containerPort, hostPort] = [parts.pop()!, parts.pop()!];
  return { address: parts.pop() ?? "0.0.0.0", hostPort, containerPort };
}

/** Every TypeScript source text of the project, to check that a variable is read somewhere. */
function sourceText(): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(join(ROOT, dir))) {
      const path = join(dir, name);
      if (name === "node_modules" || name.startsWith(".")) continue;
      if (statSync(join(ROOT, path)).isDirectory()) walk(path);
      else if (name.endsWith(".ts") && !name.includes(".test.")) out.push(read(path));
    }
  };
  for (const dir of ["shared", "infra", "registry", "ingest", "router", "workers", "trainer", "simulator", "system", "release"]) walk(dir);
  return out.join("\n");
}

describe("compose.yaml", () => {
  test("defines every service of the production-like topology", () => {
    const required = ["postgres", "kafka", "migrate", "router", "router-1", "router-2", "worker-1", "worker-2", "worker-canary", "ingest", "release", "prometheus", "grafana", "jenkins", "simulator"];
    expect(required.filter((name) => !compose.services[name])).toEqual([]);
    expect(compose.services.simulator.profiles).toEqual(["simulator"]);
  });

  test("builds from Dockerfiles that exist and copy only what exists", () => {
    for (const [name, service] of services) {
      expect({ name, hasImageOrBuild: Boolean(service.image || service.build) }).toEqual({ name, hasImageOrBuild: true });
      if (!service.build) continue;
      const dockerfile = join(service.build.context, service.build.dockerfile ?? "Dockerfile");
      expect({ name, dockerfile, exists: existsSync(join(ROOT, dockerfile)) }).toEqual({ name, dockerfile, exists: true });
      for (const match of read(dockerfile).matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
        for (const source of match[1].split(/\s+/)) {
          expect({ dockerfile, source, exists: existsSync(join(ROOT, service.build.context, source)) }).toEqual({ dockerfile, source, exists: true });
        }
      }
    }
  });

  test("runs commands whose entry files exist", () => {
    for (const [name, service] of services) {
      const entry = [...(service.entrypoint ?? []), ...(service.command ?? [])].find((part) => part.endsWith(".ts"));
      if (entry) expect({ name, entry, exists: existsSync(join(ROOT, entry)) }).toEqual({ name, entry, exists: true });
    }
    expect(read("router/Dockerfile")).toContain('"router/main.ts"');
    expect(existsSync(join(ROOT, "router/main.ts"))).toBe(true);
  });

  test("publishes each host port once", () => {
    const hostPorts = services.flatMap(([, s]) => (s.ports ?? []).map((p) => publishedPort(p).hostPort));
    expect(hostPorts.length).toBeGreaterThan(0);
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });

  test("publishes on every interface only what the streaming site talks to, and every admin interface on 127.0.0.1", () => {
    const published = services.flatMap(([name, s]) => (s.ports ?? []).map((p) => ({ name, ...publishedPort(p) })));
    const everywhere = published.filter((p) => p.address !== "127.0.0.1").map((p) => `${p.name}:${p.hostPort}`);
    // The routers' front (the recommendation API) and Kafka's SASL-only PUBLIC listener (the movielog).
    expect(everywhere.sort()).toEqual(["kafka:9094", "router:8082"]);
    const local = Object.fromEntries(published.filter((p) => p.address === "127.0.0.1").map((p) => [p.name, p.hostPort]));
    expect(local).toEqual({ prometheus: "9090", grafana: "3000", jenkins: "8088", simulator: "8080" });
  });

  test("asks for STATUS_TOKEN on every router's status page, and points it at Prometheus for the firing alerts", () => {
    for (const [name, service] of services.filter(([, s]) => s.build?.dockerfile === "router/Dockerfile")) {
      const env = service.environment ?? {};
      expect({ name, token: env.STATUS_TOKEN, prometheus: env.PROMETHEUS_URL }).toEqual({
        name,
        token: "${STATUS_TOKEN:?set STATUS_TOKEN in .env}",
        prometheus: `http://prometheus:${publishedPort(compose.services.prometheus.ports![0]).containerPort}`,
      });
    }
  });

  test("uses only declared named volumes and bind mounts that exist", () => {
    for (const [name, service] of services) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(":")[0];
        if (source.startsWith(".")) expect({ name, source, exists: existsSync(join(ROOT, source)) }).toEqual({ name, source, exists: true });
        else expect({ name, source, declared: source in compose.volumes }).toEqual({ name, source, declared: true });
      }
    }
  });

  test("mounts only secrets it declares", () => {
    for (const [name, service] of services) {
      for (const secret of service.secrets ?? []) {
        const source = typeof secret === "string" ? secret : secret.source;
        expect({ name, source, declared: source in (compose.secrets ?? {}) }).toEqual({ name, source, declared: true });
      }
    }
  });

  test("depends only on services it defines", () => {
    for (const [name, service] of services) {
      const deps = Array.isArray(service.depends_on) ? service.depends_on : Object.keys(service.depends_on ?? {});
      for (const dep of deps) expect({ name, dep, defined: dep in compose.services }).toEqual({ name, dep, defined: true });
    }
  });

  test("takes every secret from .env, and .env.example lists every variable it interpolates or makes a secret of", () => {
    const example = read(".env.example");
    const listed = (variable: string) => new RegExp(`^${variable}=`, "m").test(example);
    const interpolated = new Set([...read("compose.yaml").matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]));
    for (const variable of interpolated) expect({ variable, listed: listed(variable) }).toEqual({ variable, listed: true });
    for (const [secret, source] of Object.entries(compose.secrets ?? {})) {
      // A `file:` secret would be a file beside the checkout, outside .env and easy to commit.
      expect({ secret, file: source.file, listed: listed(source.environment ?? "") }).toEqual({ secret, file: undefined, listed: true });
    }
    for (const [name, service] of services) {
      const mounted = (service.secrets ?? []).map((s) => `/run/secrets/${typeof s === "string" ? s : s.target ?? s.source}`);
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (!/PASSWORD|TOKEN|SECRET|API_KEY/.test(key)) continue;
        // KEY_FILE holds a path: it must name a secret mounted into this very service.
        const fromEnv = key.endsWith("_FILE") ? mounted.includes(String(value)) : /^\$\{[A-Z_]+(:[?-][^}]*)?\}$/.test(String(value));
        expect({ name, key, fromEnv }).toEqual({ name, key, fromEnv: true });
      }
    }
    expect(read(".gitignore")).toContain(".env");
  });

  test("sets only variables the project's code reads, for its own services", () => {
    const source = sourceText();
    for (const [name, service] of services) {
      if (!service.build || name === "jenkins") continue;
      for (const key of Object.keys(service.environment ?? {})) {
        expect({ name, key, read: source.includes(key) }).toEqual({ name, key, read: true });
      }
    }
  });

  test("gives every long-running service a health check and a restart policy", () => {
    for (const [name, service] of services) {
      if (service.restart === "no" || service.profiles?.includes("jobs")) continue;
      expect({ name, restart: service.restart }).toEqual({ name, restart: "unless-stopped" });
      if (name !== "ingest" && name !== "simulator") expect({ name, healthcheck: Boolean(service.healthcheck) }).toEqual({ name, healthcheck: true });
    }
  });

  test("runs two router replicas behind the one published router port, none of them waiting for another service", () => {
    const replicas = services.filter(([, s]) => s.build?.dockerfile === "router/Dockerfile");
    expect(replicas.map(([name]) => name)).toEqual(["router-1", "router-2"]);
    for (const [name, service] of replicas) {
      const env = service.environment ?? {};
      // A router serves from its persisted state or the static fallback: it starts before Postgres and Kafka.
      expect({ name, depends_on: service.depends_on, ports: service.ports }).toEqual({ name, depends_on: undefined, ports: undefined });
      expect({ name, metricsPortApart: env.ROUTER_METRICS_PORT !== undefined && env.ROUTER_METRICS_PORT !== env.ROUTER_PORT })
        .toEqual({ name, metricsPortApart: true });
      const stateVolume = (service.volumes ?? []).map((v) => v.split(":")).find(([, target]) => target === env.ROUTER_STATE_DIR);
      expect({ name, stateOnVolume: stateVolume !== undefined && stateVolume[0] in compose.volumes }).toEqual({ name, stateOnVolume: true });
    }
    const stateDir = String(replicas[0][1].environment?.ROUTER_STATE_DIR);
    const cmd = read("router/Dockerfile").match(/^CMD (.+)$/m)?.[1] ?? "";
    expect(JSON.parse(cmd)).toEqual(expect.arrayContaining(["--unstable-net", `--allow-write=${stateDir}`]));

    // The front: nginx on the published port, sending each request to a replica that answers.
    const front = compose.services.router;
    expect(front.ports).toEqual(["8082:8082"]);
    expect(front.depends_on).toBeUndefined();
    const [major, minor, patch] = (front.image?.match(/^nginx:(\d+)\.(\d+)(?:\.(\d+))?/) ?? []).slice(1).map((n) => Number(n ?? 0));
    expect(major * 10_000 + minor * 100 + (patch || 0)).toBeGreaterThanOrEqual(12_703); // `resolve` in upstreams: 1.27.3
    const mount = (front.volumes ?? []).map((v) => v.split(":")).find(([, target]) => target === "/etc/nginx/conf.d/default.conf");
    expect(mount?.[0]).toBe("./ops/nginx/routers.conf");
    const conf = read(mount![0]).replace(/#.*$/gm, "");
    expect(conf).toMatch(/^\s*listen 8082;$/m);
    const upstreams = [...conf.matchAll(/^\s*server (\S+) (.*);$/gm)].map((m) => ({ server: m[1], resolve: /\bresolve\b/.test(m[2]) }));
    expect(upstreams).toEqual(replicas.map(([name, s]) => ({ server: `${name}:${s.environment?.ROUTER_PORT}`, resolve: true })));
    expect(conf).toMatch(/^\s*proxy_next_upstream error timeout;$/m);
    expect(conf).not.toContain("non_idempotent");
    // The public port serves no metrics: Prometheus scrapes each replica inside the network.
    expect(conf).toMatch(/location = \/metrics \{\s*return 404;\s*\}/);
  });

  test("scrapes only services that exist, and provisions Grafana from files that exist", () => {
    const prometheus = parse(read("ops/prometheus/prometheus.yml")) as { scrape_configs: { static_configs: { targets: string[] }[] }[] };
    const targets = prometheus.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets));
    for (const target of targets) expect({ target, defined: target.split(":")[0] in compose.services }).toEqual({ target, defined: true });
    for (const file of readdirSync(join(ROOT, "ops/grafana/dashboards"))) JSON.parse(read(join("ops/grafana/dashboards", file)));
  });

  test("keeps Jenkins secured: no sign-up, no anonymous access, admin password from the environment", () => {
    const casc = read("ops/jenkins/casc.yaml");
    const jenkins = parse(casc) as { jenkins: { securityRealm: { local: { allowsSignup: boolean } } } };
    expect(jenkins.jenkins.securityRealm.local.allowsSignup).toBe(false);
    expect(casc).not.toMatch(/anonymous/i);
    expect(casc).toContain('password: "${JENKINS_ADMIN_PASSWORD}"');
  });

  test("defines every service the README names", () => {
    const section = read("README.md").split("## Production-like stack")[1]?.split("\n## ")[0] ?? "";
    const named = [...section.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((name) => !(name in compose.services))).toEqual([]);
  });
});
