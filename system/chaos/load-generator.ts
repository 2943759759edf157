/**
 * The drill's parallel load: `connections` keep-alive clients asking
 * `GET /recommend/<random user>` at a steady total rate (or as fast as answers come
 * when the rate is 0), each giving up at the site's client timeout. Every request is
 * recorded with its start, latency and verdict for the per-fault tallies.
 */
import type { Random } from "../../shared/random/mulberry32.ts";
import { createKeepAliveClient, type KeepAliveClient } from "./keep-alive-client.ts";
import { judgeAnswer, type RequestRecord } from "./tally-requests.ts";

export type LoadOptions = {
  readonly host: string;
  readonly port: number;
  readonly connections: number;
  /** Requests per second over all connections; 0 runs each connection flat out. */
  readonly ratePerSecond: number;
  /** Users are drawn from 1..users. */
  readonly users: number;
  readonly timeoutMs: number;
  readonly random: Random;
  /** Monotonic milliseconds. */
  readonly now: () => number;
};

/** A failed request: when it started and why, for the report. */
export type FailedRequest = { readonly startedAt: number; readonly reason: string };

export type LoadGenerator = {
  readonly records: readonly RequestRecord[];
  readonly failures: readonly FailedRequest[];
  /** Local ports of the connections open now. */
  localPorts(): number[];
  /** Connections begun so far, over all clients. */
  connectionsOpened(): number;
  /** The movie ids of the latest good answer (for the drill's probe lines), or null. */
  lastItems(): readonly string[] | null;
  stop(): Promise<void>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts the load at once; it runs until `stop`. */
export function startLoad(options: LoadOptions): LoadGenerator {
  const records: RequestRecord[] = [];
  const failures: FailedRequest[] = [];
  const clients: KeepAliveClient[] = [];
  let items: string[] | null = null;
  let running = true;
  const intervalMs = options.ratePerSecond > 0 ? (1000 * options.connections) / options.ratePerSecond : 0;

  const loop = async (client: KeepAliveClient, offsetMs: number) => {
    let nextAt = options.now() + offsetMs;
    while (running) {
      if (intervalMs > 0) {
        const wait = nextAt - options.now();
        if (wait > 0) await sleep(wait);
        // A connection that fell behind (a stall) does not burst to catch up.
        nextAt = Math.max(nextAt + intervalMs, options.now());
      }
      if (!running) break;
      const user = 1 + Math.floor(options.random() * options.users);
      const startedAt = options.now();
      const answer = await client.get(`/recommend/${user}`, options.timeoutMs);
      const latencyMs = options.now() - startedAt;
      const verdict = judgeAnswer(answer);
      records.push({ startedAt, latencyMs, ok: verdict.ok });
      if (!verdict.ok) failures.push({ startedAt, reason: verdict.reason });
      else if ("body" in answer) items = answer.body.trim().split(",").map((id) => id.trim());
      if (intervalMs === 0 && !verdict.ok) await sleep(10); // a refused connection must not spin
    }
  };

  const loops: Promise<void>[] = [];
  for (let i = 0; i < options.connections; i++) {
    const client = createKeepAliveClient(options.host, options.port);
    clients.push(client);
    loops.push(loop(client, (intervalMs * i) / options.connections));
  }

  return {
    records,
    failures,
    localPorts: () => clients.map((c) => c.localPort()).filter((p): p is number => p !== null),
    connectionsOpened: () => clients.reduce((n, c) => n + c.opened(), 0),
    lastItems: () => items,
    async stop() {
      running = false;
      await Promise.all(loops);
      for (const client of clients) client.close();
    },
  };
}
