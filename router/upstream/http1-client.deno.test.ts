import assert from "node:assert/strict";
import { deadWorkerUrl } from "../testing/fake-worker.ts";
import { createHttp1Client } from "./http1-client.ts";

/**
 * A raw TCP server answering each request with `reply(requestText)` ("" answers nothing, a
 * reply starting with CLOSE: is sent and the connection closed); counts connections.
 */
function rawServer(reply: (request: string) => string | null) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns = new Set<Deno.Conn>();
  const state = { connections: 0, url: `http://127.0.0.1:${listener.addr.port}` };
  void (async () => {
    for await (const conn of listener) {
      state.connections += 1;
      conns.add(conn);
      void (async () => {
        const buffer = new Uint8Array(8192);
        try {
          for (let n = await conn.read(buffer); n !== null; n = await conn.read(buffer)) {
            const answer = reply(new TextDecoder().decode(buffer.subarray(0, n)));
            if (answer === null) break;
            const closing = answer.startsWith("CLOSE:");
            const text = closing ? answer.slice("CLOSE:".length) : answer;
            if (text !== "") await conn.write(new TextEncoder().encode(text));
            if (closing) break;
          }
        } catch { /* closed by the test */ }
        conns.delete(conn);
        try {
          conn.close();
        } catch { /* already closed */ }
      })();
    }
  })();
  const close = () => {
    listener.close();
    for (const conn of conns) conn.close();
  };
  return Object.assign(state, { close, drop: () => conns.forEach((c) => c.close()) });
}

const get = (client: ReturnType<typeof createHttp1Client>, url: string, timeoutMs = 1000) =>
  client.get(url, { headers: { "X-Request-Id": "r1" }, timeoutMs });

Deno.test("Http1Client reads content-length and chunked bodies and reuses one connection", async () => {
  let n = 0;
  const server = rawServer((request) => {
    assert.match(
      request,
      /^GET \/recommend\/7 HTTP\/1\.1\r\nHost: 127\.0\.0\.1:\d+\r\nX-Request-Id: r1\r\n\r\n$/,
    );
    return ++n % 2
      ? "HTTP/1.1 200 OK\r\nContent-Length: 9\r\nX-Model-Version: m1\r\n\r\nheat+1995"
      : "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nheat\r\n5\r\n+1995\r\n0\r\n\r\n";
  });
  const client = createHttp1Client();
  try {
    for (let i = 0; i < 4; i++) {
      const response = await get(client, `${server.url}/recommend/7`);
      assert.equal(response.status, 200);
      assert.equal(response.body, "heat+1995");
    }
    assert.equal(
      (await get(client, `${server.url}/recommend/7`)).headers.get("x-model-version"),
      "m1",
    );
    assert.equal(server.connections, 1);
    assert.equal(client.idleConnections(), 1);
  } finally {
    client.close();
    server.close();
  }
});

Deno.test("Http1Client reads a body delimited by close and does not reuse that connection", async () => {
  const server = rawServer(() =>
    "CLOSE:HTTP/1.1 503 Unavailable\r\nConnection: close\r\n\r\nloading"
  );
  const client = createHttp1Client();
  try {
    for (let i = 0; i < 2; i++) {
      const response = await get(client, `${server.url}/x`);
      assert.deepEqual([response.status, response.body], [503, "loading"]);
    }
    assert.equal(client.idleConnections(), 0);
    assert.equal(server.connections, 2);
  } finally {
    client.close();
    server.close();
  }
});

Deno.test("Http1Client retries once on a fresh connection when the worker closed an idle one", async () => {
  const server = rawServer(() => "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  const client = createHttp1Client();
  try {
    assert.equal((await get(client, `${server.url}/a`)).body, "ok");
    server.drop(); // e.g. the worker's idle timeout, or a restart
    await new Promise((r) => setTimeout(r, 20));
    assert.equal((await get(client, `${server.url}/a`)).body, "ok");
    assert.equal(server.connections, 2);
  } finally {
    client.close();
    server.close();
  }
});

Deno.test("Http1Client times out a silent worker, refuses malformed answers and reports refused connections", async () => {
  const silent = rawServer(() => "");
  const garbage = rawServer(() => "SSH-2.0-OpenSSH\r\n\r\n");
  const client = createHttp1Client();
  try {
    const started = performance.now();
    await assert.rejects(get(client, `${silent.url}/a`, 100), {
      name: "TimeoutError",
      message: "no answer within 100 ms",
    });
    assert.ok(performance.now() - started < 300);
    await assert.rejects(get(client, `${garbage.url}/a`), {
      message: 'malformed response: bad status line "SSH-2.0-OpenSSH"',
    });
    await assert.rejects(get(client, `${await deadWorkerUrl()}/a`), Deno.errors.ConnectionRefused);
    await assert.rejects(get(client, "https://example.com/a"), TypeError);
    assert.equal(client.idleConnections(), 0);
  } finally {
    client.close();
    silent.close();
    garbage.close();
  }
});
