/**
 * `POST /admin/model` with `{"path": "<artifact dir>"}` or `{"version": "<registry version>"}`:
 * load, validate, swap. A bad artifact is a 422 and the old model keeps serving.
 */
import { z } from "zod";
import { checkBearer } from "../../shared/auth/check-bearer.ts";
import { ModelVersion } from "../../shared/model/manifest.ts";
import type { ModelManager } from "../model/model-manager.ts";
import type { Reply } from "./reply.ts";

export const AdminModelRequest = z.union([
  z.strictObject({ path: z.string().min(1).max(4096) }),
  z.strictObject({ version: ModelVersion }),
]);
export type AdminModelRequest = z.infer<typeof AdminModelRequest>;

const MAX_BODY_CHARS = 16 * 1024;
const STATUS = { rejected: 422, not_found: 404, unavailable: 503 } as const;

/** Authenticates, validates the body and asks `manager` for the swap. */
export async function handleAdmin(request: Request, manager: ModelManager, token: string | undefined): Promise<Reply> {
  if (request.method !== "POST") return { status: 405, json: { error: "use POST" }, headers: { Allow: "POST" } };
  if (!token) return { status: 403, json: { error: "the admin API is disabled: WORKER_ADMIN_TOKEN is not set" } };
  if (!checkBearer(request.headers.get("authorization"), token)) {
    return { status: 401, json: { error: "missing or wrong bearer token" }, headers: { "WWW-Authenticate": "Bearer" } };
  }
  const text = await request.text();
  if (text.length > MAX_BODY_CHARS) return { status: 413, json: { error: `body over ${MAX_BODY_CHARS} characters` } };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { status: 400, json: { error: 'body must be JSON: {"path": "..."} or {"version": "..."}' } };
  }
  const parsed = AdminModelRequest.safeParse(body);
  if (!parsed.success) return { status: 400, json: { error: 'body must be {"path": "<artifact directory>"} or {"version": "<registry version>"}' } };
  const outcome = "path" in parsed.data ? await manager.loadPath(parsed.data.path) : await manager.loadVersion(parsed.data.version);
  if (!outcome.ok) return { status: STATUS[outcome.kind], json: { error: outcome.reason } };
  return { status: 200, json: { version: outcome.version, previousVersion: outcome.previousVersion } };
}
