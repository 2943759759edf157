import { afterAll, describe, expect, test } from "bun:test";
import { freePort } from "../../tests/support/free-port.ts";
import { createRouterClient, serverOf } from "./router-client.ts";

const server = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  fetch: (request) => {
    const id = new URL(request.url).pathname.split("/").pop();
    if (id === "7") return new Response("akira+1988, m*a*s*h+1970,human+failure+\n");
    return new Response("bad id\r\nsecond line", { status: 400 });
  },
});
afterAll(() => server.stop(true));

describe("createRouterClient", () => {
  test("serverOf() names host and port, with the scheme's default port", () => {
    expect([serverOf("http://127.0.0.1:8082"), serverOf("http://router/"), serverOf("https://router")]).toEqual(["127.0.0.1:8082", "router:80", "router:443"]);
  });

  test("recommend() splits the list and keeps error text to one clean line", async () => {
    let clock = 0;
    const client = createRouterClient(`http://127.0.0.1:${server.port}/`, () => (clock += 5));
    expect(await client.recommend(7)).toEqual({ ok: true, items: ["akira+1988", "m*a*s*h+1970", "human+failure+"], latencyMs: 5 });
    expect(await client.recommend(8)).toEqual({ ok: false, status: 400, error: "bad id", latencyMs: 5 });
    expect(await client.request("/recommend/abc")).toBe(400);
  });

  test("recommend() logs an unreachable service as status 0", async () => {
    const port = await freePort();
    const answer = await createRouterClient(`http://127.0.0.1:${port}`).recommend(1);
    expect(answer).toMatchObject({ ok: false, status: 0, error: `java.net.ConnectException: Connection refused: 127.0.0.1:${port}` });
    expect(await createRouterClient(`http://127.0.0.1:${port}`).request("/recommend/-1")).toBe(0);
  });
});
