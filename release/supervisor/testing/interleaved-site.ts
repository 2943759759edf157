/**
 * A site and its users in front of a router, for release integration tests with the
 * interleaved route. Requests follow the stored rules as the router serves them: its rules
 * holder polling Postgres, resolveRequest, a worker's answer or the fallback list, and for
 * an interleaved route both pools asked at once and their lists merged by team draft
 * seeded by the request id (router/forward-interleaved.ts), each answer logged with the
 * router's own telemetry builder. The site shows each answer to its user and logs it on
 * the movielog; a user watches the first movie of the list they like and have not
 * watched yet, so what users prefer is a matter of taste, not of which team placed a
 * movie. Everything reaches the database through ingestion's own stores: the router's
 * signed events through the telemetry store, the movielog through the event store on the
 * stream's topic checkpoint, so the stream's clock is ingestion's watermark.
 * The router's own forwarding serves each request (createForwarder over fetch, and
 * forwardInterleaved for an interleaved route), so the merge and its teams are the router's.
 */
import { randomBytes } from "node:crypto";
import type postgres from "postgres";
import type { Logger } from "../../../infra/log/logger.ts";
import { eventStoreOptions, loadIngestConfig } from "../../../ingest/config.ts";
import type { CheckpointKey } from "../../../ingest/event-store.ts";
import type { SourcedLine } from "../../../ingest/plan-batch.ts";
import { createPostgresEventStore } from "../../../ingest/postgres-event-store.ts";
import { createPostgresTelemetryStore } from "../../../ingest/postgres-telemetry-store.ts";
import { kafkaBatchSource } from "../../../measurement/stream-clock.ts";
import { postgresRulesSource } from "../../../router/postgres-rules-source.ts";
import { createRulesHolder } from "../../../router/rules-holder.ts";
import { buildTelemetryEvent } from "../../../router/telemetry/build-telemetry-event.ts";
import { loadRouterConfig } from "../../../router/config.ts";
import { forwardInterleaved } from "../../../router/forward-interleaved.ts";
import { createForwarder } from "../../../router/forward-to-pool.ts";
import { FALLBACK_MODEL_VERSION } from "../../../router/recommend-route.ts";
import { createUpstreamHealth } from "../../../router/upstream-health.ts";
import { fetchUpstream } from "../../../router/upstream/fetch-upstream.ts";
import { formatLine } from "../../../shared/movielog/format-line.ts";
import type { MovielogEvent } from "../../../shared/movielog/events.ts";
import { resolveRequest } from "../../../shared/rules/index.ts";
import { createTelemetrySigner, type FallbackReason, type TelemetryEvent, type TelemetryInterleaving } from "../../../shared/telemetry/index.ts";
import { DEFAULT_EVENT_TIME_BOUNDS } from "../../../shared/time/event-time-bounds.ts";

export type InterleavedSiteOptions = {
  readonly sql: postgres.Sql;
  readonly log: Logger;
  /** The site's users, served in turn. */
  readonly users: readonly number[];
  /** The movies these users like: each list, a user watches the first of them it shows that they have not watched yet. */
  readonly likes: ReadonlySet<string>;
  /** The movielog topic whose ingested watermark is the stream's clock (the supervisor's streamTopic). */
  readonly streamTopic: string;
  /** The router's fallback list, answered when no worker does. */
  readonly fallback: readonly string[];
  /** New users per round (default 5); each round's visits are ingested before the next round. */
  readonly arrivalsPerRound?: number;
};

/** What the site did and what ingestion made of it. */
export type SiteCounts = {
  readonly requests: number;
  /** Router answers that merged both pools of an interleaved route. */
  readonly interleaved: number;
  readonly shownLists: number;
  readonly watches: number;
  /** Lines and events ingestion refused or quarantined, by reason. */
  readonly refused: Readonly<Record<string, number>>;
};

export type InterleavedSite = {
  /** Stops serving after the round under way, ingests it, and stops the router's rules holder; later calls give the same counts. */
  stop(): Promise<SiteCounts>;
};

/**
 * Users keep arriving, and each visits on arrival and twice more, half a second and a
 * second later (rounds of ROUND_MS). So a routing change reaches users who mostly
 * arrive after it, as on a site whose steps last far longer than a router takes to apply
 * rules: few canary users were seen on stable first (the sample-ratio check leaves a user
 * seen in both pools out).
 */
const ROUND_MS = 50;
const VISITS_AFTER_ROUNDS = [0, 10, 20];
/** How long after a list arrives its user starts the movie they picked, on the site's clock. */
const WATCH_DELAY_MS = 50;
/** How often the router polls the rules' version (routers apply a change within a second). */
const RULES_POLL_MS = 100;
const ROUTER_BUDGET_MS = 500;
const PARTITION = 0;

/** Starts the router and the site's users; resolves once the router holds the stored rules. */
export async function startInterleavedSite(options: InterleavedSiteOptions): Promise<InterleavedSite> {
  const { sql, log } = options;
  const holder = createRulesHolder({ source: postgresRulesSource(sql), pollMs: RULES_POLL_MS, log, listen: false });
  await holder.start();
  const pending: TelemetryEvent[] = [];
  // The router's own ejection settings, as it starts with an empty environment.
  const config = loadRouterConfig({});
  const health = createUpstreamHealth({ ejectAfterFailures: config.ROUTER_EJECT_FAILURES, ejectForMs: config.ROUTER_EJECT_MS });
  const forward = createForwarder({ get: fetchUpstream(fetch), health, now: Date.now });

  /** One request served as the router serves it; returns the answer's items and logs its telemetry event. */
  async function serve(userId: number): Promise<readonly string[]> {
    const requestId = crypto.randomUUID();
    const startedAt = Date.now();
    const rules = holder.current();
    const answered = (
      fields: { items: readonly string[]; pool?: string; modelVersion: string; fallbackReason?: FallbackReason; interleaving?: TelemetryInterleaving },
      resolution?: ReturnType<typeof resolveRequest>,
    ) => {
      pending.push(buildTelemetryEvent({
        requestId, clientRequestId: null, startedAt, finishedAt: Date.now(), status: 200, userId,
        pool: fields.pool, modelVersion: fields.modelVersion, rulesVersion: rules?.version, assignments: resolution?.assignments,
        items: fields.items, fallbackReason: fields.fallbackReason, interleaving: fields.interleaving,
      }));
      return fields.items;
    };
    const fallback = { items: options.fallback, modelVersion: FALLBACK_MODEL_VERSION, fallbackReason: "no_worker_answer" as const };
    if (!rules) return answered({ ...fallback, fallbackReason: "no_rules" });
    const resolution = resolveRequest(rules, { userId, headers: {} });
    const request = { userId, requestId, flags: resolution.flags, deadline: startedAt + ROUTER_BUDGET_MS };
    const pair = resolution.interleave;
    if (!pair) {
      const answer = await forward({ ...request, poolName: resolution.pool, pool: rules.pools[resolution.pool] });
      return answered(answer.ok ? { ...answer, pool: resolution.pool } : { ...fallback, pool: resolution.pool }, resolution);
    }
    const answer = await forwardInterleaved(forward, rules.pools, pair, resolution.pool, request);
    if (answer.outcome === "no_worker_answer") {
      return answered({ ...fallback, pool: resolution.pool, interleaving: { ...pair, interleaved: false, teams: [] } }, resolution);
    }
    const interleaving = { ...pair, interleaved: answer.outcome === "interleaved", teams: answer.teams };
    return answered({ items: answer.items, pool: answer.pool, modelVersion: answer.modelVersion, interleaving }, resolution);
  }

  // Ingestion as it runs: the router's key signs every event and the telemetry store checks it;
  // each store moves its own topic's checkpoint, and only the movielog's is the stream's clock.
  const signingKey = randomBytes(32).toString("hex");
  const sign = createTelemetrySigner(signingKey);
  const telemetryStore = createPostgresTelemetryStore(sql, { signingKey, timeBounds: DEFAULT_EVENT_TIME_BOUNDS, now: Date.now });
  const eventStore = createPostgresEventStore(sql, { ...eventStoreOptions(loadIngestConfig({})), now: Date.now });
  const telemetryCheckpoint: CheckpointKey = { consumer: "ingest-telemetry", clusterId: "test", topic: "telemetry", partition: PARTITION };
  const movielogCheckpoint: CheckpointKey = { consumer: "ingest", clusterId: "test", topic: options.streamTopic, partition: PARTITION };
  // Each topic carries on from its stored checkpoint, as a consumer seeks there: a line below it counts as applied.
  const resumeAt = async (store: { checkpoints: typeof eventStore.checkpoints }, key: CheckpointKey) =>
    (await store.checkpoints(key)).get(PARTITION) ?? 0;
  let telemetryOffset = await resumeAt(telemetryStore, telemetryCheckpoint);
  let movielogOffset = await resumeAt(eventStore, movielogCheckpoint);

  const watched = new Map<number, Set<string>>();
  const refused: Record<string, number> = {};
  const refuse = (reason: string, n: number) => void (refused[reason] = (refused[reason] ?? 0) + n);
  let requests = 0, interleaved = 0, shownLists = 0, watches = 0;

  /** One user's visit: a request through the router, the list shown, perhaps a movie started. */
  async function visit(userId: number): Promise<MovielogEvent[]> {
    const started = Date.now();
    const items = await serve(userId);
    const arrived = Date.now();
    requests++;
    const shown: MovielogEvent = {
      kind: "recommendation", time: arrived, userId, server: "router:8080", status: 200, items: [...items], error: null, latencyMs: arrived - started,
    };
    const seen = watched.get(userId) ?? watched.set(userId, new Set()).get(userId)!;
    const pick = items.find((movie) => options.likes.has(movie) && !seen.has(movie));
    if (pick === undefined) return [shown];
    seen.add(pick);
    return [shown, { kind: "watch", time: arrived + WATCH_DELAY_MS, userId, movieId: pick, minute: 0 }];
  }

  async function ingest(events: MovielogEvent[]): Promise<void> {
    const routed = pending.splice(0);
    interleaved += routed.filter((e) => e.interleaving?.interleaved).length;
    const telemetry = await telemetryStore.applyBatch({
      checkpoint: telemetryCheckpoint,
      lines: routed.map((event) => ({ raw: JSON.stringify(sign(event)), partition: PARTITION, position: telemetryOffset++ })),
    });
    for (const [reason, n] of Object.entries(telemetry.quarantined)) refuse(`telemetry ${reason}`, n);
    const lines: SourcedLine[] = events.sort((a, b) => a.time - b.time)
      .map((event) => ({ raw: formatLine(event), partition: PARTITION, position: movielogOffset++ }));
    const stream = await eventStore.applyBatch({ source: kafkaBatchSource(options.streamTopic), checkpoint: movielogCheckpoint, lines });
    for (const [reason, n] of Object.entries(stream.rejected)) refuse(`movielog ${reason}`, n);
    shownLists += stream.accepted.recommendation;
    watches += stream.accepted.watch;
  }

  let running = true;
  const arrivals = options.arrivalsPerRound ?? 5;
  /** The users who arrive in round `round` (none before the first); the list starts over when it runs out. */
  const arrivingIn = (round: number): number[] =>
    round < 0 ? [] : Array.from({ length: arrivals }, (_, j) => options.users[(round * arrivals + j) % options.users.length]);
  const loop = (async () => {
    for (let round = 0; running; round++) {
      const started = Date.now();
      const visitors = VISITS_AFTER_ROUNDS.flatMap((back) => arrivingIn(round - back));
      const events = (await Promise.all(visitors.map(visit))).flat();
      await ingest(events);
      await new Promise((r) => setTimeout(r, Math.max(0, started + ROUND_MS - Date.now())));
    }
  })();

  let stopped: Promise<SiteCounts> | null = null;
  return {
    stop: () =>
      stopped ??= (async () => {
        running = false;
        await loop;
        await holder.stop();
        return { requests, interleaved, shownLists, watches, refused: { ...refused } };
      })(),
  };
}
