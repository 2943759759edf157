/**
 * The least a Deno proxy can do per request, as a reference for bench:serve: Deno.serve
 * forwarding GET /recommend/:id to one worker through the router's own upstream client
 * (router/upstream), with no Hono, rules, request ids, metrics or fallback. What the
 * router costs beyond this is its own logic; what this costs beyond nginx is the runtime.
 * `deno run --allow-net --allow-env bench/deno/bare-proxy.ts` with BARE_PORT and
 * BARE_UPSTREAM (http://host:port).
 */
import { createHttp1Client } from "../../router/upstream/http1-client.ts";

const port = Number(Deno.env.get("BARE_PORT"));
const upstream = Deno.env.get("BARE_UPSTREAM");
if (!Number.isInteger(port) || !upstream) throw new Error("set BARE_PORT and BARE_UPSTREAM");
const client = createHttp1Client();

Deno.serve({ port, hostname: "127.0.0.1", onListen: () => {} }, async (request) => {
  const url = request.url;
  const answer = await client.get(`${upstream}/recommend/${url.slice(url.lastIndexOf("/") + 1)}`, {
    headers: { "X-Flags": "{}" },
    timeoutMs: 280,
  });
  return new Response(answer.body, {
    status: answer.status,
    headers: { "X-Model-Version": answer.headers.get("x-model-version") ?? "" },
  });
});
