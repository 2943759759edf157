import assert from "node:assert/strict";
import { deadWorkerUrl } from "../testing/fake-worker.ts";
import { createHttp1Client } from "./http1-client.ts";

/**
 * A raw TCP server answering each request, pipelined or not, in order with
 * `reply(requestText, connectionNumber)`: a string is sent as is (one starting with CLOSE:
 * is sent and the connection closed), "" stalls the connection (nothing more is answered
 * on it, as a worker stuck on one request), null closes it unanswered. Counts connections.
 */
function rawServer(reply: (request: string, connection: number) => string | null) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns = new Set<Deno.Conn>();
  const state = {
    connections: 0,
    requests: 0,
    /** The most requests one read brought: above 1, the client pipelined. */
    mostPerRead: 0,
    url: `http://127.0.0.1:${listener.addr.port}`,
  };
  void (async () => {
    for await (const conn of listener) {
      const number = ++state.connections;
      conns.add(conn);
      void (async () => {
        const buffer = new Uint8Array(65536);
        let pending = "";
        let stalled = false;
        try {
          serving: for (let n = await conn.read(buffer); n !== null; n = await conn.read(buffer)) {
            pending += new TextDecoder().decode(buffer.subarray(0, n));
            let answers = "";
            let inThisRead = 0;
            for (
              let end = pending.indexOf("\r\n\r\n");
              end >= 0;
              end = pending.indexOf("\r\n\r\n")
            ) {
              const request = pending.slice(0, end + 4);
              pending = pending.slice(end + 4);
              state.requests += 1;
              state.mostPerRead = Math.max(state.mostPerRead, ++inThisRead);
              if (stalled) continue;
              const answer = reply(request, number);
              if (answer === null) break serving;
              if (answer === "") stalled = true;
              else if (answer.startsWith("CLOSE:")) {
                await conn.write(new TextEncoder().encode(answers + answer.slice("CLOSE:".length)));
                break serving;
              } else answers += answer;
            }
            if (answers !== "") await conn.write(new TextEncoder().encode(answers));
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

/** An answer whose body is the request's path, so a test can tell answers apart. */
const echoPath = (request: string) => {
  const path = request.split(" ")[1];
  return `HTTP/1.1 200 OK\r\nContent-Length: ${path.length}\r\n\r\n${path}`;
};

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
    // Far above the 100 ms deadline, far below the silent server's forever.
    assert.ok(performance.now() - started < 1000);
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

Deno.test("Http1Client pipelines concurrent requests on its few connections and matches each answer", async () => {
  const server = rawServer(echoPath);
  const client = createHttp1Client({ maxConnectionsPerOrigin: 2, maxPipelineDepth: 64 });
  try {
    const paths = Array.from({ length: 60 }, (_, i) => `/recommend/${i}`);
    const bodies = await Promise.all(
      paths.map(async (path) => (await get(client, server.url + path)).body),
    );
    assert.deepEqual(bodies, paths);
    assert.ok(server.connections <= 2, `${server.connections} connections`);
    assert.equal(server.requests, 60);
    assert.equal(client.idleConnections(), server.connections);
  } finally {
    client.close();
    server.close();
  }
});

Deno.test("Http1Client sends again the requests a connection lost before answering them", async () => {
  // The first connection answers one request and then dies, as a worker being restarted.
  let answeredOnFirst = 0;
  const server = rawServer((request, connection) => {
    if (connection > 1) return echoPath(request);
    return answeredOnFirst++ === 0 ? echoPath(request) : null;
  });
  const client = createHttp1Client({ maxConnectionsPerOrigin: 1, maxPipelineDepth: 64 });
  try {
    const paths = Array.from({ length: 20 }, (_, i) => `/recommend/${i}`);
    const bodies = await Promise.all(
      paths.map(async (path) => (await get(client, server.url + path)).body),
    );
    assert.deepEqual(bodies, paths);
    assert.ok(server.connections >= 2);
  } finally {
    client.close();
    server.close();
  }
});

Deno.test("Http1Client times out a request stuck at the head of a pipeline and sends the ones behind it again", async () => {
  const server = rawServer((request) => request.startsWith("GET /slow ") ? "" : echoPath(request));
  const client = createHttp1Client({ maxConnectionsPerOrigin: 1, maxPipelineDepth: 64 });
  try {
    const slow = get(client, `${server.url}/slow`, 100);
    const fast = get(client, `${server.url}/fast`, 1000);
    await assert.rejects(slow, { name: "TimeoutError", message: "no answer within 100 ms" });
    assert.equal((await fast).body, "/fast");
    assert.equal(server.connections, 2);
  } finally {
    client.close();
    server.close();
  }
});

Deno.test("Http1Client refuses an answer nobody asked for and does not reuse that connection", async () => {
  const server = rawServer((request) => echoPath(request) + echoPath(request));
  const client = createHttp1Client();
  try {
    assert.equal((await get(client, `${server.url}/a`)).body, "/a");
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(client.idleConnections(), 0);
    assert.equal((await get(client, `${server.url}/b`)).body, "/b");
    assert.equal(server.connections, 2);
  } finally {
    client.close();
    server.close();
  }
});

/** A real Bun.serve whose handler waits for the event loop before answering its path. */
async function startAsyncBunServer() {
  const bun = new URL("../../node_modules/.bin/bun", import.meta.url).pathname;
  const script = `const server = Bun.serve({ port: 0, hostname: "127.0.0.1", async fetch(request) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    return new Response(new URL(request.url).pathname);
  } });
  console.log(server.port);`;
  const child = new Deno.Command(bun, { args: ["-e", script], stdout: "piped", stderr: "null" })
    .spawn();
  const reader = child.stdout.getReader();
  const { value } = await reader.read();
  await reader.cancel();
  return {
    url: `http://127.0.0.1:${Number(new TextDecoder().decode(value))}`,
    async stop() {
      child.kill();
      await child.status;
    },
  };
}

Deno.test("Http1Client answers every request of a Bun worker that drops pipelined requests while its handler awaits", async () => {
  const server = await startAsyncBunServer();
  const client = createHttp1Client();
  try {
    for (let round = 0; round < 3; round++) {
      const paths = Array.from({ length: 40 }, (_, i) => `/recommend/${round}-${i}`);
      const bodies = await Promise.all(
        paths.map(async (path) => (await get(client, server.url + path, 2000)).body),
      );
      assert.deepEqual(bodies, paths);
    }
  } finally {
    client.close();
    await server.stop();
  }
});

Deno.test("Http1Client blames an oversized answer on its own request and sends the ones behind it again", async () => {
  const chunk = "x".repeat(4000);
  const big = `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${
    `${chunk.length.toString(16)}\r\n${chunk}\r\n`.repeat(20)
  }0\r\n\r\n`;
  const server = rawServer((request) => request.startsWith("GET /big ") ? big : echoPath(request));
  const client = createHttp1Client({ maxConnectionsPerOrigin: 1, maxBodyBytes: 1000 });
  try {
    const [tooBig, small] = await Promise.allSettled([
      get(client, `${server.url}/big`),
      get(client, `${server.url}/small`),
    ]);
    assert.equal(tooBig.status, "rejected");
    assert.match(String((tooBig as PromiseRejectedResult).reason), /exceeds 1000 bytes/);
    assert.deepEqual(small.status === "fulfilled" && small.value.body, "/small");
  } finally {
    client.close();
    server.close();
  }
});

Deno.test("Http1Client sends one request per connection to a worker that dropped a pipeline, until the backoff ends", async () => {
  let dropped = false;
  const server = rawServer((request) => {
    if (dropped) return echoPath(request);
    dropped = true;
    return null; // closes the first connection with its whole pipeline unanswered
  });
  const client = createHttp1Client({
    maxConnectionsPerOrigin: 1,
    maxPipelineDepth: 64,
    pipelineBackoffMs: 150,
  });
  const burst = async (size: number) => {
    server.mostPerRead = 0;
    const paths = Array.from({ length: size }, (_, i) => `/recommend/${i}`);
    const bodies = await Promise.all(
      paths.map(async (path) => (await get(client, server.url + path)).body),
    );
    assert.deepEqual(bodies, paths);
    return server.mostPerRead;
  };
  try {
    assert.equal(await burst(10), 1, "the dropped pipeline's requests were sent again alone");
    assert.equal(await burst(10), 1, "within the backoff, one request per connection");
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(await burst(10) > 1, "after the backoff, requests share a connection again");
  } finally {
    client.close();
    server.close();
  }
});
