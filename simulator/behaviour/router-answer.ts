import { SITE_CLIENT_TIMEOUT_MS } from "../../measurement/site-timeout.ts";

/** What a user got back from `GET /recommend/<id>`: a list, or a failure with the text the client logs. */
export type RouterAnswer =
  | { readonly ok: true; readonly items: readonly string[]; readonly latencyMs: number }
  | { readonly ok: false; readonly status: number; readonly error: string; readonly latencyMs: number };

/** The error text the course's client logs when `server` did not answer in time. */
export function timeoutError(server: string): string {
  return `java.util.concurrent.TimeoutException: Request timeout to ${server} after ${SITE_CLIENT_TIMEOUT_MS} ms`;
}
