/** The worker's HTTP server: Bun.serve around the request handler. */
import type { Logger } from "../infra/log/logger.ts";

export type WorkerServer = { readonly port: number; readonly url: string; stop(): Promise<void> };

/** Serves `handler` on `hostname:port` (port 0: any free port). */
export function startWorkerServer(options: { port: number; hostname?: string; handler: (request: Request) => Promise<Response>; log: Logger }): WorkerServer {
  const server = Bun.serve({
    port: options.port,
    hostname: options.hostname ?? "0.0.0.0",
    // Admin bodies are a few bytes; nothing else takes a body.
    maxRequestBodySize: 64 * 1024,
    fetch: options.handler,
    error(error) {
      options.log.error("unhandled server error", { error: error.message });
      return new Response("internal error", { status: 500, headers: { "X-Model-Version": "none" } });
    },
  });
  const port = server.port ?? options.port;
  return {
    port,
    url: `http://${options.hostname === "0.0.0.0" || !options.hostname ? "127.0.0.1" : options.hostname}:${port}`,
    // Graceful: in-flight requests finish first.
    stop: () => server.stop(),
  };
}
