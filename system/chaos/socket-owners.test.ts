import { expect, test } from "bun:test";
import { createServer } from "node:net";
import { connectionsHeldBy, listensOn, parseProcNetTcp, socketInodesOf } from "./socket-owners.ts";

const PROC_NET_TCP = [
  "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
  "   0: 0100007F:1F92 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0",
  "   1: 0100007F:1F92 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 4343 1 0000000000000000 20 4 30 10 -1",
  "   2: 0100007F:D431 0100007F:1F92 06 00000000:00000000 03:00000F9E 00000000     0        0 0 3 0000000000000000",
  "garbage",
].join("\n");

test("parseProcNetTcp() reads ports, states and inodes, skipping the header and malformed rows", () => {
  expect(parseProcNetTcp(PROC_NET_TCP)).toEqual([
    { localPort: 8082, remotePort: 0, state: "listen", inode: 4242 },
    { localPort: 8082, remotePort: 54321, state: "established", inode: 4343 },
    { localPort: 54321, remotePort: 8082, state: "other", inode: 0 },
  ]);
});

test("socketInodesOf() keeps the socket links of a process's open files", () => {
  expect([...socketInodesOf(["/dev/null", "socket:[4242]", "pipe:[7]", "socket:[4343]"])]).toEqual([4242, 4343]);
});

test("listensOn() and connectionsHeldBy() find this process's listener and the server ends it holds", async () => {
  const server = createServer(() => {});
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  const { connect } = await import("node:net");
  const client = connect({ host: "127.0.0.1", port });
  await new Promise((r) => client.once("connect", r));
  await new Promise((r) => setTimeout(r, 50)); // accepted
  try {
    if (listensOn(process.pid, port) === null) return; // no /proc here: nothing to tell
    expect(listensOn(process.pid, port)).toBe(true);
    expect(connectionsHeldBy(process.pid, port, [client.localPort!])).toBe(1);
    expect(connectionsHeldBy(process.pid, port, [1])).toBe(0);
    expect(listensOn(process.pid, port + 1 === 65536 ? 1 : port + 1)).toBe(false);
  } finally {
    client.destroy();
    server.close();
  }
});
