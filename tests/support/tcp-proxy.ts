/**
 * A TCP proxy on 127.0.0.1 that a test can cut: `cut()` drops every open
 * connection and refuses new ones (the port closes), `restore()` listens again
 * on the same port. It stands for a database or broker becoming unreachable.
 * `onClientBytes()` runs an action right after the first client chunk holding a
 * pattern has been forwarded: cut on a transaction's `begin`, and the database is
 * gone while that transaction is open. A cut disarms a pattern still waiting, whose
 * promise then never settles: a cut made some other way must not be followed by a
 * second one, later, that nobody restores.
 */
import { createConnection, createServer, type Server, type Socket } from "node:net";
import { freePort } from "./free-port.ts";

export type TcpProxy = {
  readonly port: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
  /** Resolves once `action` ran, right after a client chunk holding `pattern` reached the target. */
  onClientBytes(pattern: string, action: () => void | Promise<void>): Promise<void>;
  /**
   * Cuts right after the next client chunk holding `pattern`, or after `withinMs` when none
   * comes; resolves once cut. The other way is called off, so it never cuts again later.
   */
  cutOnClientBytes(pattern: string, withinMs: number): Promise<void>;
};

/** Starts forwarding a free local port to `target`. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let trigger: { pattern: Buffer; fire: () => void } | null = null;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = createConnection(target);
        sockets.add(client).add(upstream);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on("error", drop).on("close", drop);
        upstream.on("error", drop).on("close", drop);
        client.on("data", (chunk: Buffer) => {
          const armed = trigger;
          if (armed && chunk.includes(armed.pattern)) {
            trigger = null;
            upstream.write(chunk, () => armed.fire());
          } else {
            upstream.write(chunk);
          }
        });
        upstream.pipe(client);
      });
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
  const stopListening = () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  const cut = async () => {
    trigger = null;
    const closing = stopListening();
    for (const s of sockets) s.destroy();
    sockets.clear();
    await closing;
    server = null;
  };
  const onClientBytes = (pattern: string, action: () => void | Promise<void>) =>
    new Promise<void>((resolve, reject) => {
      trigger = { pattern: Buffer.from(pattern), fire: () => void Promise.resolve(action()).then(resolve, reject) };
    });
  await listen();
  return {
    port,
    cut,
    restore: listen,
    onClientBytes,
    async cutOnClientBytes(pattern, withinMs) {
      let fallback: ReturnType<typeof setTimeout> | undefined;
      const timedOut = new Promise<void>((resolve) => (fallback = setTimeout(() => void cut().then(resolve), withinMs)));
      // When the fallback cuts first, its cut disarms the pattern (whose promise never settles).
      await Promise.race([onClientBytes(pattern, cut), timedOut]);
      clearTimeout(fallback);
    },
    async close() {
      for (const s of sockets) s.destroy();
      await stopListening();
    },
  };
}
