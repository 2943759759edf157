/** A fake recommendation worker on a free port, answering as a test tells it to. */

export type FakeWorkerBehaviour = {
  status?: number;
  body?: string;
  delayMs?: number;
  ready?: boolean;
  modelVersion?: string;
};

export type FakeWorker = {
  readonly url: string;
  behaviour: FakeWorkerBehaviour;
  /** Headers of every /recommend request received, in order. */
  readonly requests: { path: string; headers: Headers }[];
  close(): Promise<void>;
};

/** Starts a worker answering `GET /recommend/:id` and `GET /readyz`. */
export function startFakeWorker(behaviour: FakeWorkerBehaviour = {}): FakeWorker {
  const requests: FakeWorker["requests"] = [];
  // Pending delays, ended early on close so the server can shut down.
  const delays = new Set<() => void>();
  const worker = { behaviour, requests } as FakeWorker;
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    async (request) => {
      const path = new URL(request.url).pathname;
      const b = worker.behaviour;
      if (path === "/readyz") {
        return new Response(b.ready === false ? "loading" : "ready", {
          status: b.ready === false ? 503 : 200,
        });
      }
      requests.push({ path, headers: request.headers });
      if (b.delayMs) {
        await new Promise<void>((resolve) => {
          const end = () => {
            clearTimeout(timer);
            delays.delete(end);
            resolve();
          };
          const timer = setTimeout(end, b.delayMs);
          delays.add(end);
        });
      }
      const headers = {
        "Content-Type": "text/plain",
        "X-Model-Version": b.modelVersion ?? "als-test",
      };
      return new Response(b.body ?? "inception+2010,heat+1995", {
        status: b.status ?? 200,
        headers,
      });
    },
  );
  Object.defineProperty(worker, "url", { value: `http://127.0.0.1:${server.addr.port}` });
  worker.close = async () => {
    for (const end of [...delays]) end();
    await server.shutdown();
  };
  return worker;
}

/** A URL where nothing listens: a worker that is down. */
export async function deadWorkerUrl(): Promise<string> {
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    () => new Response(),
  );
  const url = `http://127.0.0.1:${server.addr.port}`;
  await server.shutdown();
  return url;
}
