/**
 * The simulator against real peers: a stub recommendation service (Bun.serve on
 * a free port, one kind of user answered too slowly) and librdkafka's mock
 * cluster. Lines reach the topic keyed by user and parse; timeouts are logged as
 * status 0; invalid ids are sent; the user/movie API answers.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { EachMessagePayload } from "kafkajs";
import { createKafka } from "../infra/kafka/create-kafka.ts";
import { type MockKafkaCluster, startMockKafkaCluster } from "../infra/kafka/mock-cluster.ts";
import { createLogger } from "../infra/log/logger.ts";
import { parseLine } from "../shared/movielog/parse-line.ts";
import { freePort } from "../tests/support/free-port.ts";
import { waitFor } from "../tests/support/wait-for.ts";
import { createSimulation } from "./engine/create-simulation.ts";
import { createKafkaLineSink } from "./io/line-sink.ts";
import { type ProfileServer, startProfileServer } from "./io/profile-api.ts";
import { createRouterClient } from "./io/router-client.ts";
import { startLiveRun } from "./io/run-live.ts";
import { createWorld } from "./world/create-world.ts";

const TOPIC = "movielog-simulator";
const log = createLogger("test", () => {});
const world = createWorld(3, { users: 60, movies: 80 });
const LIST = world.movies.slice(0, 20).map((m) => m.profile.id);
let cluster: MockKafkaCluster;
let router: ReturnType<typeof Bun.serve>;
let api: ProfileServer;
const received: { key: string; value: string }[] = [];
let stopConsumer: () => Promise<void>;

beforeAll(async () => {
  cluster = await startMockKafkaCluster({ topic: TOPIC });
  router = Bun.serve({
    port: await freePort(),
    hostname: "127.0.0.1",
    async fetch(request) {
      const id = new URL(request.url).pathname.slice("/recommend/".length);
      if (!/^\d{1,10}$/.test(id)) return new Response("malformed user id\n", { status: 400 });
      if (Number(id) % 4 === 0) await Bun.sleep(1000); // past the client's 800 ms
      return new Response(LIST.join(","));
    },
  });
  api = startProfileServer(world, await freePort(), "127.0.0.1");
  const consumer = createKafka(cluster.brokers, "test-consumer", log).consumer({ groupId: "test-simulator", maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }: EachMessagePayload) => {
      received.push({ key: String(message.key), value: String(message.value) });
      return Promise.resolve();
    },
  });
  stopConsumer = () => consumer.disconnect();
});

afterAll(async () => {
  await stopConsumer?.();
  router?.stop(true);
  await api?.stop();
  await cluster?.stop();
}, 30_000);

describe("the simulator against a stub service and Kafka", () => {
  test("startLiveRun() writes parsable lines keyed by user, timeouts as status 0", async () => {
    const client = createRouterClient(`http://127.0.0.1:${router.port}`);
    const sink = await createKafkaLineSink(createKafka(cluster.brokers, "test-simulator", log), TOPIC);
    const simStart = Date.now();
    const engine = createSimulation({ world, seed: 1, start: simStart, server: client.server, faults: new Set(["invalid-requests"]), rates: { invalidRequests: 0.3 } });
    const run = startLiveRun({ engine, client, sink, ratePerSecond: 20, speed: 600, simStart, realNow: () => performance.now(), log });
    await Bun.sleep(2500);
    await run.stop();
    await sink.close();
    const { linesWritten, invalidStatuses } = run.counts();
    expect(linesWritten).toBeGreaterThan(100);
    expect(invalidStatuses).toEqual({ "400": expect.any(Number) });
    await waitFor(`${linesWritten} lines in the topic`, () => received.length >= linesWritten, 20_000);

    const events = received.map(({ key, value }) => {
      const parsed = parseLine(value);
      if (!parsed.ok) throw new Error(`unparsable line ${value}: ${parsed.rejection.detail}`);
      expect(key).toBe(String(parsed.event.userId));
      return parsed.event;
    });
    const requests = events.filter((e) => e.kind === "recommendation");
    const slow = requests.filter((e) => e.userId % 4 === 0);
    const fast = requests.filter((e) => e.userId % 4 !== 0);
    expect(slow.length).toBeGreaterThan(0);
    expect(fast.length).toBeGreaterThan(0);
    for (const e of slow) {
      expect([e.status, e.error]).toEqual([0, `java.util.concurrent.TimeoutException: Request timeout to ${client.server} after 800 ms`]);
      expect(e.latencyMs).toBeGreaterThanOrEqual(800);
    }
    for (const e of fast) expect([e.status, e.items, e.server]).toEqual([200, LIST, `127.0.0.1:${router.port}`]);
    expect(events.some((e) => e.kind === "watch")).toBe(true);
    expect(Math.max(...events.map((e) => e.time))).toBeLessThanOrEqual(simStart + 4000 * 600);
  }, 40_000);

  test("startProfileServer() answers the user and movie API over HTTP", async () => {
    const base = `http://127.0.0.1:${api.port}`;
    const user = await fetch(`${base}/user/5`);
    expect([user.status, await user.json()]).toEqual([200, world.users[4]]);
    const movie = await fetch(`${base}/movie/${encodeURIComponent(LIST[1])}`);
    expect([movie.status, await movie.json()]).toEqual([200, world.movies[1].profile]);
    expect((await fetch(`${base}/user/61`)).status).toBe(404);
  });
});
