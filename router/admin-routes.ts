/**
 * GET and PUT /admin/rules: the rules document over HTTP, behind a bearer token. A PUT is
 * validated whole and written atomically; it answers the new version and the diff.
 */
import { Hono } from "hono";
import type { WriteRulesResult } from "../infra/rules/rules-store.ts";
import { parseRulesInput } from "../infra/rules/parse-rules-input.ts";
import { errorMessage } from "../infra/log/logger.ts";
import { checkBearer } from "../shared/auth/check-bearer.ts";
import type { RuleSet } from "../shared/rules/index.ts";
import { DetailedHTTPException } from "./error-response.ts";
import type { RouterEnv } from "./router-env.ts";

const MAX_BODY_CHARS = 1_000_000;
const ACTOR = /^[A-Za-z0-9._@-]{1,64}$/;

/** The rules store as the admin API needs it. */
export type AdminRulesStore = {
  read(): Promise<unknown>;
  write(rules: RuleSet, actor: string): Promise<WriteRulesResult>;
};

/** Runs a store call, turning a database failure into 503. */
async function withStore<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new DetailedHTTPException(503, `rules database unavailable: ${errorMessage(error)}`);
  }
}

/** The admin routes; without a token every request is refused. */
export function adminRoutes(
  deps: { token: string | undefined; store: AdminRulesStore },
): Hono<RouterEnv> {
  const app = new Hono<RouterEnv>();
  app.use("/admin/*", async (c, next) => {
    if (deps.token === undefined) {
      throw new DetailedHTTPException(401, "admin API disabled: ROUTER_ADMIN_TOKEN is not set");
    }
    if (!checkBearer(c.req.header("Authorization"), deps.token)) {
      throw new DetailedHTTPException(401, "missing or wrong bearer token");
    }
    await next();
  });
  app.get("/admin/rules", async (c) => {
    const document = await withStore(() => deps.store.read());
    if (document === null) throw new DetailedHTTPException(404, "no rules stored yet");
    return c.json(document);
  });
  app.put("/admin/rules", async (c) => {
    const text = await c.req.text();
    if (text.length > MAX_BODY_CHARS) {
      throw new DetailedHTTPException(400, `body exceeds ${MAX_BODY_CHARS} characters`);
    }
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch (error) {
      throw new DetailedHTTPException(400, `body is not JSON: ${errorMessage(error)}`);
    }
    const parsed = parseRulesInput(input);
    if (!parsed.ok) throw new DetailedHTTPException(422, "invalid rules document", parsed.errors);
    // Who edited, for the audit; the single shared token cannot say it.
    const named = c.req.header("X-Actor");
    const actor = `admin-api:${named && ACTOR.test(named) ? named : "unnamed"}`;
    return c.json(await withStore(() => deps.store.write(parsed.rules, actor)));
  });
  return app;
}
