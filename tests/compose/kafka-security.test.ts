/**
 * Kafka's security in compose.yaml, checked statically (no Docker engine here).
 * The public movielog listener is apart from the internal one. The authorizer
 * denies by default. The ACLs that ops/kafka/bootstrap-kafka.sh grants let only the
 * routers write telemetry. Each Kafka client service logs in as its own principal
 * (the two router replicas share theirs), on the listener of its role. The telemetry
 * signing key reaches the routers and ingestion only.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

const ROOT = join(import.meta.dir, "../..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

type SecretRef = string | { source: string; target?: string };
type Service = {
  command?: string[]; ports?: string[]; volumes?: string[]; restart?: string; secrets?: SecretRef[];
  environment?: Record<string, string | number>; depends_on?: Record<string, { condition: string }>;
};
const compose = parse(read("compose.yaml"), { merge: true }) as {
  services: Record<string, Service>; secrets: Record<string, { environment?: string }>;
};
const services = Object.entries(compose.services);
const kafka = compose.services.kafka;
const kafkaEnv = (key: string) => String(kafka.environment?.[key] ?? "");

const BOOTSTRAP_SCRIPT = "ops/kafka/bootstrap-kafka.sh";
const START_SCRIPT = "ops/kafka/start-kafka.sh";
/** The script without its comment lines. */
const bootstrap = read(BOOTSTRAP_SCRIPT).replace(/^\s*#.*$/gm, "");
const linesOf = (pattern: RegExp) => [...bootstrap.matchAll(pattern)];
/** What kafka-init creates: the top-level `topic`, `user` and `grant` lines of its script. */
const topics = linesOf(/^topic (\S+)$/gm).map((m) => m[1]);
const users = new Map(linesOf(/^user (\S+) (\S+)$/gm).map((m) => [m[1], m[2]]));
const grants = linesOf(/^grant (\S+) (\S+) (\S+) (\S+)$/gm)
  .map((m) => ({ principal: m[1], operation: m[2].toLowerCase(), type: m[3], name: m[4] }));

/** Listener name → port, from a `NAME://host:port,…` list. */
function listenersOf(value: string): Map<string, string> {
  return new Map(value.split(",").map((listener) => {
    const m = listener.match(/^(\w+):\/\/[^:]*:(\d+)$/);
    if (!m) throw new Error(`Cannot read KAFKA_LISTENERS: '${listener}' is not NAME://host:port`);
    return [m[1], m[2]];
  }));
}
const listeners = listenersOf(kafkaEnv("KAFKA_LISTENERS"));
const mechanismsOf = (listener: string) => kafkaEnv(`KAFKA_LISTENER_NAME_${listener}_SASL_ENABLED_MECHANISMS`).split(",").filter(Boolean);
const secretPaths = (service: Service) =>
  (service.secrets ?? []).map((s) => `/run/secrets/${typeof s === "string" ? s : s.target ?? s.source}`);
const withSecret = (secret: string) =>
  services.filter(([, s]) => (s.secrets ?? []).some((r) => (typeof r === "string" ? r : r.source) === secret)).map(([n]) => n).sort();

/** The router replicas: one principal, `router`, for both. */
const ROUTERS = ["router-1", "router-2"];
/** The services that talk to Kafka, and the listener each one's role calls for. */
const CLIENT_LISTENERS: Record<string, string> = { "router-1": "INTERNAL", "router-2": "INTERNAL", ingest: "INTERNAL", simulator: "PUBLIC" };
const usernameOf = (name: string) => String(compose.services[name].environment?.KAFKA_SASL_USERNAME);

describe("compose.yaml Kafka security", () => {
  test("separates the public movielog listener from the internal one, authenticates on every listener, and publishes only the public one", () => {
    expect([...listeners.keys()].sort()).toEqual(["BROKER", "CONTROLLER", "INTERNAL", "PUBLIC"]);
    expect(new Set(listeners.values()).size).toBe(listeners.size);
    // PLAINTEXT or SSL without client auth would admit User:ANONYMOUS.
    const protocols = Object.fromEntries(kafkaEnv("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").split(",").map((p) => p.split(":")));
    for (const name of listeners.keys()) expect({ name, protocol: protocols[name] }).toEqual({ name, protocol: "SASL_PLAINTEXT" });
    expect({ public: mechanismsOf("PUBLIC").length > 0, internal: mechanismsOf("INTERNAL").length > 0 }).toEqual({ public: true, internal: true });
    expect(mechanismsOf("PUBLIC").filter((m) => mechanismsOf("INTERNAL").includes(m))).toEqual([]);
    expect(kafkaEnv("KAFKA_CONTROLLER_LISTENER_NAMES")).toBe("CONTROLLER");
    expect(kafkaEnv("KAFKA_INTER_BROKER_LISTENER_NAME")).toBe("BROKER");
    expect((kafka.ports ?? []).map((p) => p.split(":").at(-1))).toEqual([listeners.get("PUBLIC")]);
  });

  test("turns the authorizer on, denies what no ACL allows, and makes the broker the only super user", () => {
    expect(kafkaEnv("KAFKA_AUTHORIZER_CLASS_NAME")).toBe("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    expect(kafkaEnv("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND")).toBe("false");
    expect(kafkaEnv("KAFKA_SUPER_USERS")).toBe("User:admin");
    expect(kafkaEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).toBe("false");
    // The PLAIN listeners (broker and controller) accept the admin login only, set by the start script.
    expect(kafka.command).toEqual(["bash", "/opt/ops/start-kafka.sh"]);
    expect(kafka.volumes).toContain(`./${START_SCRIPT}:/opt/ops/start-kafka.sh:ro`);
    const start = read(START_SCRIPT);
    expect([...start.matchAll(/^export (KAFKA_LISTENER_NAME_\w+_PLAIN_SASL_JAAS_CONFIG)=/gm)].map((m) => m[1]).sort())
      .toEqual(["KAFKA_LISTENER_NAME_BROKER_PLAIN_SASL_JAAS_CONFIG", "KAFKA_LISTENER_NAME_CONTROLLER_PLAIN_SASL_JAAS_CONFIG"]);
    expect([...start.matchAll(/user_(\w+)=/g)].map((m) => m[1])).toEqual(["admin"]);
    expect(mechanismsOf("BROKER")).toEqual(["PLAIN"]);
    expect(mechanismsOf("CONTROLLER")).toEqual(["PLAIN"]);
    expect(start.trimEnd().endsWith("exec /etc/kafka/docker/run")).toBe(true);
  });

  test("grants only through the script's grant function, one literal name at a time", () => {
    // Any other kafka-acls.sh call would add ACLs these tests do not see.
    expect(bootstrap.match(/kafka-acls\.sh/g)?.length).toBe(1);
    expect(bootstrap).toContain("--resource-pattern-type literal");
    expect(bootstrap).not.toMatch(/--deny-principal|--allow-host|--cluster|--transactional-id/);
    // Every call of topic, user and grant reads as the patterns above expect (function definitions aside).
    expect(linesOf(/^(topic|user|grant)\b(?!\(\)).*$/gm).length).toBe(topics.length + users.size + grants.length);
    for (const g of grants) expect({ ...g, literal: /^[A-Za-z0-9._-]+$/.test(g.name) }).toEqual({ ...g, literal: true });
  });

  test("lets only the router's principal write telemetry", () => {
    const writers = grants.filter((g) => g.type === "topic" && g.name === "telemetry" && ["write", "all"].includes(g.operation));
    expect(writers.map((g) => g.principal)).toEqual(["router"]);
    for (const name of ROUTERS) {
      expect({ name, username: usernameOf(name), topic: compose.services[name].environment?.ROUTER_TELEMETRY_TOPIC })
        .toEqual({ name, username: "router", topic: "telemetry" });
    }
    expect(compose.services.ingest.environment?.INGEST_TELEMETRY_TOPIC).toBe("telemetry");
  });

  test("keeps the public listener's principals to writing the movielog", () => {
    const publicUsers = [...users].filter(([, mechanism]) => mechanismsOf("PUBLIC").includes(mechanism)).map(([name]) => name);
    expect(publicUsers).toEqual(["site"]);
    const publicGrants = grants.filter((g) => publicUsers.includes(g.principal));
    expect(publicGrants).toEqual([{ principal: "site", operation: "write", type: "topic", name: String(compose.services.simulator.environment?.KAFKA_TOPIC) }]);
  });

  test("lets ingestion read its two topics in its two consumer groups, and write nothing", () => {
    const env = compose.services.ingest.environment ?? {};
    expect(grants.filter((g) => g.principal === "ingest")).toEqual([
      { principal: "ingest", operation: "read", type: "topic", name: String(env.KAFKA_TOPIC) },
      { principal: "ingest", operation: "read", type: "topic", name: String(env.INGEST_TELEMETRY_TOPIC) },
      { principal: "ingest", operation: "read", type: "group", name: String(env.INGEST_GROUP_ID) },
      { principal: "ingest", operation: "read", type: "group", name: String(env.INGEST_TELEMETRY_GROUP_ID) },
    ]);
  });

  test("gives each Kafka client service its own principal and password, on the listener of its role", () => {
    const clients = services.filter(([, s]) => s.environment?.KAFKA_BROKERS !== undefined).map(([n]) => n).sort();
    expect(clients).toEqual(Object.keys(CLIENT_LISTENERS).sort());
    expect([...users.keys()].sort()).toEqual([...new Set(clients.map(usernameOf))].sort());
    for (const [name, listener] of Object.entries(CLIENT_LISTENERS)) {
      const service = compose.services[name];
      const env = service.environment ?? {};
      const username = usernameOf(name);
      const secret = `kafka_${username}_password`;
      expect({
        name,
        port: String(env.KAFKA_BROKERS).split(":")[1],
        mechanism: String(env.KAFKA_SASL_MECHANISM).toUpperCase(),
        passwordFile: env.KAFKA_SASL_PASSWORD_FILE,
        mounted: secretPaths(service).includes(`/run/secrets/${secret}`),
        sharedWith: withSecret(secret),
      }).toEqual({
        name,
        port: listeners.get(listener)!,
        mechanism: users.get(username)!,
        passwordFile: `/run/secrets/${secret}`,
        mounted: true,
        // Only with kafka-init, and with the services of the same principal (the router replicas).
        sharedWith: [...Object.keys(CLIENT_LISTENERS).filter((n) => usernameOf(n) === username), "kafka-init"].sort(),
      });
      expect({ name, listenerTakesIt: mechanismsOf(listener).includes(users.get(username)!) }).toEqual({ name, listenerTakesIt: true });
    }
    const sources = [...users.keys()].map((u) => compose.secrets[`kafka_${u}_password`]?.environment);
    expect(new Set(sources).size).toBe(sources.length);
    expect(withSecret("kafka_admin_password")).toEqual(["kafka", "kafka-init"]);
  });

  test("creates the topics, users and ACLs before ingestion and the simulator start, and lets the routers wait for nothing", () => {
    const init = compose.services["kafka-init"];
    expect(init.command).toEqual(["bash", "/opt/ops/bootstrap-kafka.sh"]);
    expect(init.volumes).toContain(`./${BOOTSTRAP_SCRIPT}:/opt/ops/bootstrap-kafka.sh:ro`);
    expect(init.restart).toBe("no");
    expect(init.depends_on?.kafka).toEqual({ condition: "service_healthy" });
    expect(topics.sort()).toEqual(["movielog", "telemetry"]);
    expect(withSecret("kafka_admin_password")).toContain("kafka-init");
    for (const name of Object.keys(CLIENT_LISTENERS).filter((n) => !ROUTERS.includes(n))) {
      expect({ name, waits: compose.services[name].depends_on?.["kafka-init"] }).toEqual({ name, waits: { condition: "service_completed_successfully" } });
    }
    // A router serves without Kafka (telemetry waits in its buffer), so it starts at once.
    for (const name of ROUTERS) expect({ name, depends_on: compose.services[name].depends_on }).toEqual({ name, depends_on: undefined });
  });

  test("mounts the telemetry signing key into the routers and ingestion, and nowhere else", () => {
    expect(compose.secrets.telemetry_signing_key).toEqual({ environment: "TELEMETRY_SIGNING_KEY" });
    expect(withSecret("telemetry_signing_key")).toEqual(["ingest", ...ROUTERS]);
    for (const [name, service] of services) {
      const keyFile = service.environment?.TELEMETRY_SIGNING_KEY_FILE;
      const expected = ROUTERS.includes(name) || name === "ingest" ? "/run/secrets/telemetry_signing_key" : undefined;
      expect({ name, keyFile }).toEqual({ name, keyFile: expected });
      expect({ name, inlineKey: service.environment?.TELEMETRY_SIGNING_KEY }).toEqual({ name, inlineKey: undefined });
    }
  });
});
