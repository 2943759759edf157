/** A router app over fakes: fixed rules, a fallback list, real forwarding to fake workers. */
import type { RuleSet } from "../../shared/rules/index.ts";
import type { RouterAppDeps } from "../create-router-app.ts";
import { createRouterApp } from "../create-router-app.ts";
import { createForwarder } from "../forward-to-pool.ts";
import { fetchUpstream } from "../upstream/fetch-upstream.ts";
import { createRouterMetrics } from "../router-metrics.ts";
import { createUpstreamHealth, type UpstreamHealth } from "../upstream-health.ts";
import { captureLogger } from "./capture-logger.ts";

export const TEST_FALLBACK = ["the+godfather+1972", "akira+1988", "heat+1995"];
export const TEST_TOKEN = "test-admin-token-0123456789";

/** The app, its upstream health and its metrics; `rules` may be swapped by the test. */
export function testRouterApp(
  options: {
    rules: RuleSet | null;
    budgetMs?: number;
    health?: UpstreamHealth;
    telemetry?: RouterAppDeps["telemetry"];
    attributes?: RouterAppDeps["attributes"];
  },
) {
  const state = { rules: options.rules };
  const health = options.health ??
    createUpstreamHealth({ ejectAfterFailures: 3, ejectForMs: 5000 });
  const now = () => Date.now();
  const metrics = createRouterMetrics(() => health.states(), now);
  const written: { rules: RuleSet; actor: string }[] = [];
  const app = createRouterApp({
    rules: () => state.rules,
    forward: createForwarder({ get: fetchUpstream(fetch), health, now }),
    fallback: () => ({ items: TEST_FALLBACK, source: "static" }),
    budgetMs: options.budgetMs ?? 300,
    now,
    metrics,
    log: captureLogger(),
    newRequestId: () => "req-1",
    telemetry: options.telemetry,
    attributes: options.attributes,
    admin: {
      token: TEST_TOKEN,
      store: {
        read: () => Promise.resolve(state.rules),
        write: (rules, actor) => {
          written.push({ rules, actor });
          state.rules = { ...rules, version: (state.rules?.version ?? 0) + 1 };
          return Promise.resolve({ version: state.rules.version, diff: [], changed: true });
        },
      },
    },
  });
  return { app, state, health, metrics, written };
}
