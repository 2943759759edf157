import { expect, test } from "bun:test";
import type { RequestGroup } from "./request-group.ts";
import { requestOutcome } from "./request-outcome.ts";

const ok: RequestGroup = { minute: 0, status: 200, inTime: true, fallback: false, fallbackReason: null, error: null, count: 1 };

test("requestOutcome() counts a 200 in time as available, and a fallback as degraded", () => {
  expect(requestOutcome(ok)).toEqual({ available: true, degraded: false });
  expect(requestOutcome({ ...ok, fallback: true, fallbackReason: "no_worker_answer" })).toEqual({ available: true, degraded: true });
});

test("requestOutcome() names the cause of an unavailable answer from what the row holds", () => {
  const cause = (g: Partial<RequestGroup>) => {
    const outcome = requestOutcome({ ...ok, ...g });
    return outcome.available ? "available" : outcome.cause;
  };
  expect(cause({ inTime: false, fallback: true, fallbackReason: "no_worker_answer" })).toBe("no worker answered");
  expect(cause({ inTime: false, fallback: true, fallbackReason: "no_rules" })).toBe("slow answers");
  expect(cause({ inTime: false })).toBe("slow answers");
  expect(cause({ status: 0, inTime: false, error: "java.util.concurrent.TimeoutException: Request timeout to r:8082 after 800 ms" })).toBe("slow answers");
  expect(cause({ status: 0, error: "java.net.ConnectException: Connection refused: r:8082" })).toBe("router unreachable");
  expect(cause({ status: 0, error: "something else" })).toBe("unknown");
  expect(cause({ status: 503 })).toBe("error answers");
});
