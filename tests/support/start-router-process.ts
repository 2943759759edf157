/**
 * A router process (router/testing/router-process.ts) started and waited for: the tests of
 * what only a process shows (a start without the database, two routers on one port).
 */
import { type RouterProcess, spawnRouterProcess } from "../../router/testing/router-process.ts";
import { freePort } from "./free-port.ts";
import { waitFor } from "./wait-for.ts";

/** A router process on `port` (a free one when absent), once its metrics port answers. */
export async function startRouterProcess(env: Record<string, string>, port?: number): Promise<RouterProcess> {
  const router = spawnRouterProcess({ env, port: port ?? await freePort(), metricsPort: await freePort() });
  await waitFor(`router ${router.pid}`, () => router.ready(), 30_000);
  return router;
}
