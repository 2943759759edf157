import { afterAll, beforeAll, expect, test } from "bun:test";
import { createServer, type Server, type Socket } from "node:net";
import { createKeepAliveClient } from "./keep-alive-client.ts";
import { startLoad } from "./load-generator.ts";

// A raw HTTP/1.1 server whose misbehaviour the tests choose by path.
let server: Server;
let port = 0;
let connections = 0;
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    let pending = "";
    socket.on("data", (chunk) => {
      pending += chunk.toString("latin1");
      for (let end = pending.indexOf("\r\n\r\n"); end >= 0; end = pending.indexOf("\r\n\r\n")) {
        const path = pending.slice(0, end).split(" ")[1];
        pending = pending.slice(end + 4);
        if (path === "/drop") socket.destroy();
        else if (path === "/hang") continue;
        else if (path === "/close") socket.end("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nb+2");
        else if (path.startsWith("/recommend/")) socket.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7\r\nx+1,y+2\r\n0\r\n\r\n");
        else socket.write("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\na+1");
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as { port: number }).port;
});

afterAll(() => {
  for (const s of sockets) s.destroy();
  server.close();
});

test("createKeepAliveClient() sends requests one after another on one connection", async () => {
  const before = connections;
  const client = createKeepAliveClient("127.0.0.1", port);
  expect(await client.get("/ok", 2000)).toEqual({ status: 200, body: "a+1" });
  expect(client.localPort()).toBeGreaterThan(0);
  expect(await client.get("/ok", 2000)).toEqual({ status: 200, body: "a+1" });
  expect(connections - before).toBe(1);
  client.close();
  expect(client.localPort()).toBeNull();
});

test("createKeepAliveClient() fails a request whose connection the server drops, and opens a new one for the next", async () => {
  const before = connections;
  const client = createKeepAliveClient("127.0.0.1", port);
  expect(await client.get("/ok", 2000)).toEqual({ status: 200, body: "a+1" });
  expect(await client.get("/drop", 2000)).toEqual({ error: "connection closed by the server" });
  expect(await client.get("/ok", 2000)).toEqual({ status: 200, body: "a+1" });
  expect(connections - before).toBe(2);
  expect(client.opened()).toBe(2);
  client.close();
});

test("createKeepAliveClient() gives up at the timeout, and a late answer never passes for the next request's", async () => {
  const client = createKeepAliveClient("127.0.0.1", port);
  expect(await client.get("/hang", 100)).toEqual({ error: "no answer within 100 ms" });
  expect(await client.get("/ok", 2000)).toEqual({ status: 200, body: "a+1" });
  client.close();
});

test("createKeepAliveClient() reconnects after an answer with Connection: close, and reports a refused connection", async () => {
  const client = createKeepAliveClient("127.0.0.1", port);
  expect(await client.get("/close", 2000)).toEqual({ status: 200, body: "b+2" });
  expect(await client.get("/ok", 2000)).toEqual({ status: 200, body: "a+1" });
  client.close();
  const refused = createKeepAliveClient("127.0.0.1", 1);
  const answer = await refused.get("/ok", 2000);
  expect("error" in answer && answer.error.length > 0).toBe(true);
});

test("startLoad() records every request of its connections with its verdict and keeps the last good answer's ids", async () => {
  const load = startLoad({ host: "127.0.0.1", port, connections: 3, ratePerSecond: 300, users: 10, timeoutMs: 800, random: () => 0.5, now: () => performance.now() });
  await new Promise((r) => setTimeout(r, 300));
  expect(load.localPorts().length).toBe(3);
  expect(load.connectionsOpened()).toBe(3);
  await load.stop();
  expect(load.records.length).toBeGreaterThan(10);
  expect(load.records.every((r) => r.ok)).toBe(true);
  expect(load.failures).toEqual([]);
  expect(load.lastItems()).toEqual(["x+1", "y+2"]);
  expect(load.localPorts()).toEqual([]);
});
