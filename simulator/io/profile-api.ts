/**
 * The course's user and movie API for the simulated world: `GET /user/<id>` and
 * `GET /movie/<id>` answer the JSON bodies; unknown ids get 404 with a message.
 */
import type { World } from "../world/create-world.ts";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** The API's answer to `request` (a pure function of the world and the URL). */
export function handleProfileRequest(world: World, request: Request): Response {
  if (request.method !== "GET") return json({ message: "method not allowed" }, 405);
  const path = new URL(request.url).pathname;
  if (path.startsWith("/user/")) {
    const text = path.slice("/user/".length);
    const id = /^\d{1,10}$/.test(text) ? Number(text) : -1;
    const user = id >= 1 ? world.users[id - 1] : undefined;
    return user ? json(user) : json({ message: "user not found", id: text.slice(0, 100) }, 404);
  }
  if (path.startsWith("/movie/")) {
    const id = decodeURIComponent(path.slice("/movie/".length));
    const m = world.movieIndex.get(id);
    return m === undefined ? json({ message: "movie not found", id: id.slice(0, 100) }, 404) : json(world.movies[m].profile);
  }
  return json({ message: "not found" }, 404);
}

/** A running API server. */
export type ProfileServer = { readonly port: number; stop(): Promise<void> };

/** Serves the API on `port` (0: any free port). */
export function startProfileServer(world: World, port: number, hostname = "0.0.0.0"): ProfileServer {
  const server = Bun.serve({ port, hostname, fetch: (request) => handleProfileRequest(world, request) });
  return { port: server.port ?? port, stop: () => server.stop(true) };
}
