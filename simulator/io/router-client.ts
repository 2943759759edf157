/**
 * The users' HTTP client to the recommendation service, behaving like the
 * course's: the site's timeout (measurement/site-timeout.ts), and failures logged as status 0 with Java-style
 * error text (the response time stays the last field of the line).
 */
import { isSiteTimeout, SITE_CLIENT_TIMEOUT_MS } from "../../measurement/site-timeout.ts";
import { type RouterAnswer, timeoutError } from "../behaviour/router-answer.ts";

/** The users' side of the recommendation API. */
export type RouterClient = {
  /** `host:port` as the client logs it. */
  readonly server: string;
  /** `GET /recommend/<userId>`, never throwing. */
  recommend(userId: number): Promise<RouterAnswer>;
  /** Any path (invalid-request probes); resolves with the status, 0 when there was no answer. */
  request(path: string): Promise<number>;
};

/** `host:port` of a base URL, with the scheme's default port when none is given. */
export function serverOf(baseUrl: string): string {
  const url = new URL(baseUrl);
  return `${url.hostname}:${url.port || (url.protocol === "https:" ? "443" : "80")}`;
}

function errorText(body: string, status: number): string {
  // Error bodies go into a one-line log entry: no control characters, bounded length.
  // deno-lint-ignore no-control-regex -- removing control characters is the point
  const line = body.split("\n")[0].replace(/[\u0000-\u001f\u007f]/g, " ").trim().slice(0, 200);
  return line.length > 0 ? line : `HTTP ${status}`;
}

/** A client for the service at `baseUrl`; `now` is a millisecond clock for latencies. */
export function createRouterClient(baseUrl: string, now: () => number = () => performance.now()): RouterClient {
  const base = baseUrl.replace(/\/+$/, "");
  const server = serverOf(baseUrl);
  return {
    server,
    async recommend(userId) {
      const started = now();
      try {
        const response = await fetch(`${base}/recommend/${userId}`, { signal: AbortSignal.timeout(SITE_CLIENT_TIMEOUT_MS) });
        const body = await response.text();
        const latencyMs = Math.round(now() - started);
        // A body that arrives at or after the timeout is a timeout for the site, whatever its status.
        if (isSiteTimeout(latencyMs)) return { ok: false, status: 0, error: timeoutError(server), latencyMs };
        if (response.status !== 200) return { ok: false, status: response.status, error: errorText(body, response.status), latencyMs };
        const items = body.trim().split(",").map((s) => s.trim()).filter((s) => s.length > 0);
        return { ok: true, items, latencyMs };
      } catch (error) {
        const latencyMs = Math.round(now() - started);
        const timedOut = error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError");
        const text = timedOut ? timeoutError(server) : `java.net.ConnectException: Connection refused: ${server}`;
        return { ok: false, status: 0, error: text, latencyMs };
      }
    },
    async request(path) {
      try {
        const response = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(SITE_CLIENT_TIMEOUT_MS) });
        await response.arrayBuffer();
        return response.status;
      } catch {
        return 0;
      }
    },
  };
}
