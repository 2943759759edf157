/** Request groups for the availability tests, by minute index. */
import type { RequestGroup } from "../../../measurement/availability/request-group.ts";

export const M = 60_000;

/** `count` answers with status 200 in time in minute `minute`, changed by `extra`. */
export const ok = (minute: number, count: number, extra: Partial<RequestGroup> = {}): RequestGroup =>
  ({ minute: minute * M, status: 200, inTime: true, fallback: false, fallbackReason: null, error: null, count, ...extra });
/** Late fallback answers after no worker answered. */
export const slowFallback = (minute: number, count: number) => ok(minute, count, { inTime: false, fallback: true, fallbackReason: "no_worker_answer" });
/** Stream lines of a refused connection. */
export const refused = (minute: number, count: number) => ok(minute, count, { status: 0, inTime: true, error: "java.net.ConnectException: Connection refused: r:8082" });
