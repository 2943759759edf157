import { expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { freePort } from "./free-port.ts";

const RANGE = "/proc/sys/net/ipv4/ip_local_port_range";

test("freePort() hands out distinct ports that can be bound, below the kernel's ephemeral range", async () => {
  const ports = await Promise.all(Array.from({ length: 30 }, () => freePort()));
  expect(new Set(ports).size).toBe(ports.length);
  if (existsSync(RANGE)) {
    const ephemeralStart = Number(readFileSync(RANGE, "utf8").trim().split(/\s+/)[0]);
    for (const port of ports) expect(port).toBeLessThan(ephemeralStart);
  }
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(ports[0], "127.0.0.1", () => resolve());
  });
  server.close();
});
