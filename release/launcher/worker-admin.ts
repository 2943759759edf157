/**
 * What the supervisor asks of a worker over HTTP: which model it serves (`/readyz`)
 * and to load another (`POST /admin/model`, bearer token). Failures are values with
 * the worker's own words, so the supervisor can log them and try again.
 */

/** The model a worker serves, or why it could not say (not up, no model yet). */
export type WorkerReadiness = { readonly ready: true; readonly version: string } | { readonly ready: false; readonly reason: string };

/** Asks `url`'s /readyz; never throws. */
export async function workerReadiness(url: string, timeoutMs = 2000): Promise<WorkerReadiness> {
  try {
    const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(timeoutMs) });
    const text = (await response.text()).trim();
    if (!response.ok) return { ready: false, reason: `status ${response.status}: ${text.slice(0, 200)}` };
    const version = response.headers.get("x-model-version") ?? text.replace(/^ready:\s*/, "");
    return { ready: true, version };
  } catch (error) {
    return { ready: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Asks the worker at `url` to load registry version `version`; ok once it answered 200. */
export async function swapWorkerModel(url: string, version: string, token: string, timeoutMs = 120_000): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    const response = await fetch(`${url}/admin/model`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ version }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.ok) return { ok: true };
    return { ok: false, reason: `${url} refused the swap to ${version}: status ${response.status} ${(await response.text()).slice(0, 300)}` };
  } catch (error) {
    return { ok: false, reason: `${url} did not answer the swap to ${version}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Polls until the worker at `url` serves `version`; throws with its last answer after `timeoutMs`. */
export async function waitForWorkerVersion(url: string, version: string, timeoutMs: number, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: WorkerReadiness = { ready: false, reason: "not asked yet" };
  while (Date.now() < deadline) {
    last = await workerReadiness(url);
    if (last.ready && last.version === version) return;
    await sleep(250);
  }
  const seen = last.ready ? `it serves ${last.version}` : last.reason;
  throw new Error(`worker ${url} did not serve ${version} within ${timeoutMs} ms (${seen})`);
}
