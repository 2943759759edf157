/**
 * The router as its own process (`deno run router/main.ts`), the way `npm start` and
 * compose run it, for tests of what only a process shows: its start without a database,
 * two of them on one port, a signal. Its log lines are kept; nothing is printed.
 */
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** One JSON log line of the router. */
export type RouterLogLine = { level: string; message: string; [field: string]: unknown };

export type RouterProcess = {
  readonly pid: number;
  /** Base URL of the port this router may share with others. */
  readonly url: string;
  /** Base URL of this router's own metrics port. */
  readonly metricsUrl: string;
  /** Every log line so far, parsed; a line that is not JSON is kept as `{level: "raw"}`. */
  readonly lines: RouterLogLine[];
  readonly exited: Promise<Deno.CommandStatus>;
  /** Whether its metrics port answers yet; throws once the process has exited. */
  ready(): Promise<boolean>;
  kill(signal: Deno.Signal): void;
  /** SIGKILLs the process unless it has exited, and waits for the exit. */
  close(): Promise<void>;
};

/** A router process on `port` (a free one when absent) with its own free metrics port, once that port answers. */
export async function startRouterProcess(env: Record<string, string>, port?: number): Promise<RouterProcess> {
  const router = spawnRouterProcess({ env, port: port ?? freePort(), metricsPort: freePort() });
  const deadline = Date.now() + 30_000;
  while (!(await router.ready())) {
    if (Date.now() > deadline) {
      await router.close();
      throw new Error(`router ${router.pid} did not answer on its metrics port within 30 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return router;
}

/** A port nothing listens on now (the kernel's choice for a listener closed at once). */
function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/**
 * Spawns a router on `port` (which other routers may share) and `metricsPort`, with `env`
 * over a telemetry-less default; wait for `ready()` before using it.
 */
export function spawnRouterProcess(options: {
  env: Record<string, string>;
  port: number;
  metricsPort: number;
}): RouterProcess {
  const child = new Deno.Command(Deno.execPath(), {
    // --unstable-net: Deno 2 gates reusePort behind it.
    args: ["run", "--allow-all", "--unstable-net", MAIN],
    cwd: ROOT,
    env: {
      KAFKA_BROKERS: "",
      ROUTER_HOST: "127.0.0.1",
      ...options.env,
      ROUTER_PORT: String(options.port),
      ROUTER_METRICS_PORT: String(options.metricsPort),
    },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const lines: RouterLogLine[] = [];
  const reading = (async () => {
    let rest = "";
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop() ?? "";
      for (const line of parts.filter((l) => l.trim() !== "")) lines.push(parseLine(line));
    }
  })();
  const exited = child.status.then(async (status) => {
    await reading.catch(() => {});
    return status;
  });
  let done = false;
  void exited.then(() => (done = true));
  const router: RouterProcess = {
    pid: child.pid,
    url: `http://127.0.0.1:${options.port}`,
    metricsUrl: `http://127.0.0.1:${options.metricsPort}`,
    lines,
    exited,
    async ready() {
      if (done) throw new Error(`the router exited: ${JSON.stringify(lines.slice(-5))}`);
      try {
        return (await fetchFresh(`${router.metricsUrl}/metrics`)).ok;
      } catch {
        return false;
      }
    },
    kill: (signal) => {
      if (!done) child.kill(signal);
    },
    async close() {
      router.kill("SIGKILL");
      await exited;
    },
  };
  return router;
}

/** GET on a connection of its own, so that every call may reach another router on a shared port. */
export async function fetchFresh(
  url: string,
): Promise<{ ok: boolean; status: number; headers: Headers; text: string }> {
  const client = Deno.createHttpClient({ poolMaxIdlePerHost: 0 });
  try {
    // Deno's own fetch option, missing from the DOM type the router's config compiles against.
    const init: RequestInit & { client: Deno.HttpClient } = { client };
    const response = await fetch(url, init);
    return {
      ok: response.ok,
      status: response.status,
      headers: response.headers,
      text: await response.text(),
    };
  } finally {
    client.close();
  }
}

/** The value of an unlabelled gauge or the sum of a counter's series in a Prometheus text page. */
export function metricValue(page: string, name: string): number {
  return page.split("\n")
    .filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
}

function parseLine(line: string): RouterLogLine {
  try {
    const parsed = JSON.parse(line);
    if (parsed && typeof parsed === "object" && typeof parsed.message === "string") return parsed;
  } catch {
    // kept raw below
  }
  return { level: "raw", message: line };
}
