/** What a route answers, before the one place that turns it into a Response (and adds X-Model-Version). */
export type Reply = {
  status: number;
  /** A one-line text body, sent as text/plain without a line break; or `json`. */
  text?: string;
  json?: unknown;
  headers?: Record<string, string>;
  /** Overrides the model version header, e.g. the model that answered when a swap happened meanwhile. */
  version?: string;
};

/** Builds the Response of `reply`; `X-Model-Version` is the answering model's, or "none" before the first load. */
export function toResponse(reply: Reply, version: string | undefined): Response {
  const headers: Record<string, string> = { "X-Model-Version": reply.version ?? version ?? "none", ...reply.headers };
  if (reply.json !== undefined) {
    headers["Content-Type"] = "application/json";
    return new Response(JSON.stringify(reply.json) + "\n", { status: reply.status, headers });
  }
  headers["Content-Type"] ??= "text/plain; charset=utf-8";
  return new Response(reply.text ?? "", { status: reply.status, headers });
}
