/** Configuration of the router, from the environment; fails at start naming a bad variable. */
import { z } from "zod";
import { DatabaseEnv, KafkaBrokers, KafkaBrokersFile, KafkaEnv, KafkaSaslEnv, PortText } from "../shared/config/env-fields.ts";
import { parseEnv } from "../shared/config/parse-env.ts";
import { WorkerUrl } from "../shared/rules/index.ts";
import { TelemetrySigningEnv } from "../shared/telemetry/index.ts";

const millis = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Comma-separated worker base URLs. */
const WorkerUrls = z.string()
  .transform((s) => s.split(",").map((u) => u.trim()).filter((u) => u.length > 0))
  .pipe(z.array(WorkerUrl).min(1));

/**
 * One bearer credential (RFC 6750's b64token) of 16 characters or more: anything else
 * could never be presented, neither in the header nor, unescaped, in the address.
 */
const StatusToken = z.string().regex(
  /^[A-Za-z0-9._~-]{16,}$/,
  "must be 16 or more of A-Z a-z 0-9 . _ ~ - (for example: openssl rand -hex 32)",
);

/**
 * Prometheus's base URL (http or https), without credentials: the router reads its API,
 * and the status page may name where its alerts come from.
 */
const PrometheusUrl = z.url({ protocol: /^https?$/, abort: true, error: "must be an http(s) URL" }).refine(
  (url) => {
    const parsed = new URL(url);
    return parsed.username === "" && parsed.password === "";
  },
  { error: "must not carry credentials (user:password@)" },
);

export const RouterConfig = DatabaseEnv.extend({
  ROUTER_PORT: PortText.default(8082),
  ROUTER_HOST: z.string().min(1).default("0.0.0.0"),
  /**
   * GET /metrics of this process alone, on ROUTER_HOST. Routers share ROUTER_PORT
   * (reusePort), where a scrape reaches either one; Prometheus scrapes each here.
   */
  ROUTER_METRICS_PORT: PortText.optional(),
  /**
   * The last rules applied and the last fallback list, written atomically on every change
   * and read at start, so a router that cannot reach its database serves what it last knew.
   * Routers may share it.
   */
  ROUTER_STATE_DIR: z.string().min(1).default(".data/router"),
  /** Bearer token of the admin API; unset disables it (every admin request gets 401). */
  ROUTER_ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /**
   * The token /status and /status.json ask for (`Authorization: Bearer …` or `?token=…`);
   * unset leaves them open, as `npm start` does on 127.0.0.1. compose requires one.
   */
  STATUS_TOKEN: StatusToken.optional(),
  /** Prometheus, whose firing alerts the status page lists; unset, the page says none is configured. */
  PROMETHEUS_URL: PrometheusUrl.optional(),
  /** Time from request to answer, fallback included. */
  ROUTER_BUDGET_MS: millis(20, 10_000).default(300),
  /** Version polling: the safety net under NOTIFY, and the only path on the embedded database. */
  ROUTER_RULES_POLL_MS: millis(10, 500).default(250),
  /** Active health checks (GET /readyz) of every worker in the rules. */
  ROUTER_HEALTH_INTERVAL_MS: millis(50, 60_000).default(1000),
  /** Consecutive failed requests that eject a worker, and for how long. */
  ROUTER_EJECT_FAILURES: z.coerce.number().int().min(1).max(100).default(3),
  ROUTER_EJECT_MS: millis(100, 600_000).default(5000),
  /** How often the fallback list is re-read from the registry / event store. */
  ROUTER_FALLBACK_REFRESH_MS: millis(1000, 86_400_000).default(60_000),
  /** How often user profiles are re-read for attribute targeting (only while a rule uses it). */
  ROUTER_USER_ATTRIBUTES_REFRESH_MS: millis(1000, 86_400_000).default(30_000),
  /** The pool written as the first rules document when the rules tables are empty. */
  ROUTER_SEED_POOL_URLS: WorkerUrls.default(["http://127.0.0.1:8090"]),
  ROUTER_SEED_MODEL_VERSION: z.string().min(1).default("production"),
  /**
   * How the router talks to workers: its own keep-alive HTTP/1.1 client (router/upstream),
   * or fetch() (slower; kept as a switch should the own client misbehave).
   */
  ROUTER_UPSTREAM_CLIENT: z.enum(["http1", "fetch"]).default("http1"),
  /** Brokers of the telemetry topic; unset disables telemetry (logged at start). */
  KAFKA_BROKERS: KafkaBrokers,
  /**
   * A file holding the current broker list, read on every reconnect, ahead of KAFKA_BROKERS
   * (`npm start` writes it, so the router finds a restarted embedded Kafka on its new ports).
   */
  KAFKA_BROKERS_FILE: KafkaBrokersFile,
  /** The router's own Kafka login (compose: the only principal that may write telemetry). */
  ...KafkaSaslEnv.shape,
  ROUTER_TELEMETRY_TOPIC: z.string().regex(
    /^[A-Za-z0-9._-]{1,249}$/,
    "must be a valid Kafka topic name",
  )
    .default("telemetry"),
  /** The movielog stream's topic, whose clock the status page shows. */
  KAFKA_TOPIC: KafkaEnv.shape.KAFKA_TOPIC,
  /** Events held while Kafka is slow or down; beyond it they are dropped and counted. */
  ROUTER_TELEMETRY_BUFFER: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  ROUTER_TELEMETRY_BATCH: z.coerce.number().int().min(1).max(10_000).default(500),
}).extend(TelemetrySigningEnv.shape);
export type RouterConfig = z.infer<typeof RouterConfig>;

/** Parses the environment; throws a ConfigError naming every bad variable. */
export function loadRouterConfig(env: Record<string, string | undefined>): RouterConfig {
  return parseEnv(RouterConfig, env);
}
