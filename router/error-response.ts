/**
 * The one place errors become responses: an HTTPException keeps its status and message,
 * anything else is a 500 whose cause is logged, never sent. Admin paths answer JSON,
 * the data plane one line of text; both carry the request id.
 */
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { errorMessage, type Logger } from "../infra/log/logger.ts";
import type { RouterEnv } from "./router-env.ts";

/** An HTTP error with reasons a client can act on (e.g. every validation error of a document). */
export class DetailedHTTPException extends HTTPException {
  constructor(
    status: 400 | 401 | 404 | 422 | 503,
    message: string,
    readonly details: string[] = [],
  ) {
    super(status, { message });
  }
}

function render(
  c: Context<RouterEnv>,
  status: number,
  message: string,
  details: string[] = [],
): Response {
  const requestId = c.get("requestId") ?? "";
  const line = message.replace(/[\r\n]+/g, " ");
  if (c.req.path.startsWith("/admin/")) {
    const body = details.length > 0
      ? { error: line, details, requestId }
      : { error: line, requestId };
    return c.json(body, status as 400);
  }
  return c.text(`${line} (request ${requestId})`, status as 400);
}

/** onError for the router app. */
export function errorHandler(log: Logger): ErrorHandler<RouterEnv> {
  return (error, c) => {
    if (error instanceof DetailedHTTPException) {
      return render(c, error.status, error.message, error.details);
    }
    if (error instanceof HTTPException) return render(c, error.status, error.message);
    log.error("unexpected error", {
      requestId: c.get("requestId"),
      path: c.req.path,
      error: errorMessage(error),
    });
    return render(c, 500, "internal error");
  };
}

/** notFound for the router app. */
export const notFoundHandler: NotFoundHandler<RouterEnv> = (c) =>
  render(c, 404, `no such endpoint: ${c.req.method} ${c.req.path.slice(0, 100)}`);
