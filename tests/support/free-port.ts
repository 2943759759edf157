/** A TCP port that was free a moment ago on 127.0.0.1, for a process a test is about to start. */
import { readFileSync } from "node:fs";
import { createServer } from "node:net";

/**
 * Ports are drawn below the kernel's ephemeral range. A port the kernel hands out for
 * port 0 comes from that range, and so does the local port of every outgoing connection
 * (database, Kafka, fetch): between the moment a test learns such a port and the moment
 * its child binds it, one of those connections could take it. Outside the range only a
 * listener can, and this process never hands the same port out twice.
 */
const LOWEST = 20_000;
const handedOut = new Set<number>();

/** The first port of the kernel's ephemeral range (Linux), else the IANA default. */
function ephemeralStart(): number {
  try {
    const low = Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 0 ? low : 49_152;
  } catch {
    return 49_152;
  }
}

/** Binds `port` (0: any) on 127.0.0.1 and closes at once; the port bound, or null when taken. */
function tryBind(port: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", (error: Error & { code?: string }) => (error.code === "EADDRINUSE" ? resolve(null) : reject(error)));
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : null));
    });
  });
}

/** A port no listener holds now, outside the ephemeral range when that leaves room. */
export async function freePort(): Promise<number> {
  const highest = Math.min(ephemeralStart(), 65_536) - 1;
  for (let attempt = 0; highest - LOWEST >= 1000 && attempt < 100; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * (highest - LOWEST + 1));
    if (handedOut.has(port)) continue;
    handedOut.add(port); // before the bind, so that a concurrent call cannot pick it too
    if ((await tryBind(port)) === port) return port;
    handedOut.delete(port);
  }
  // No room below the ephemeral range (an unusual kernel setting): let the kernel choose.
  const port = await tryBind(0);
  if (port === null) throw new Error("no free port on 127.0.0.1");
  handedOut.add(port);
  return port;
}
