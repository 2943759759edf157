/**
 * A real Prometheus for tests: Debian's `prometheus` binary on 127.0.0.1, with a
 * configuration and storage of its own in a temporary directory that `stop()` removes.
 * Tests find `promtool` here too, so both say the same thing when the package is missing.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { z } from "zod";
import { stopChild } from "../../infra/process/stop-child.ts";
import { freePort } from "./free-port.ts";
import { waitFor } from "./wait-for.ts";

/** How a machine gets the binaries; `.ci/run` does this when they are missing. */
export const PROMETHEUS_INSTALL_HINT =
  "install Debian's prometheus package (apt-get install --no-install-recommends prometheus), as .ci/run does when it is missing";

/** The path of `name` (`prometheus` or `promtool`) on PATH; throws naming the package when absent. */
export function requirePrometheusBinary(name: "prometheus" | "promtool"): string {
  const path = Bun.which(name);
  if (path === null) throw new Error(`${name} is not on PATH: ${PROMETHEUS_INSTALL_HINT}`);
  return path;
}

export type ScrapeJob = { readonly job: string; readonly targets: readonly string[] };

export type RunningPrometheus = {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** GET `path` of the HTTP API (`/api/v1/...`); the `data` of a successful answer, else throws. */
  api(path: string): Promise<unknown>;
  stop(): Promise<void>;
};

const ApiAnswer = z.discriminatedUnion("status", [
  z.object({ status: z.literal("success"), data: z.unknown() }),
  z.object({ status: z.literal("error"), errorType: z.string(), error: z.string() }),
]);

/**
 * Starts Prometheus scraping `jobs` every `intervalSeconds` (rules evaluated as often)
 * with `ruleFiles` loaded, and resolves once it answers ready.
 */
export async function startPrometheus(options: {
  jobs: readonly ScrapeJob[];
  ruleFiles?: readonly string[];
  intervalSeconds?: number;
  readyTimeoutMs?: number;
}): Promise<RunningPrometheus> {
  const binary = requirePrometheusBinary("prometheus");
  const dir = mkdtempSync(join(tmpdir(), "prometheus-"));
  const interval = `${options.intervalSeconds ?? 1}s`;
  const config = {
    global: { scrape_interval: interval, evaluation_interval: interval, scrape_timeout: interval },
    rule_files: [...(options.ruleFiles ?? [])],
    scrape_configs: options.jobs.map((j) => ({ job_name: j.job, static_configs: [{ targets: [...j.targets] }] })),
  };
  writeFileSync(join(dir, "prometheus.yml"), stringify(config));
  const port = await freePort();
  const child = spawn(binary, [
    `--config.file=${join(dir, "prometheus.yml")}`,
    `--storage.tsdb.path=${join(dir, "data")}`,
    `--web.listen-address=127.0.0.1:${port}`,
    "--log.level=warn",
  ], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    if (log.length < 100_000) log += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopChild(child, 5000);
    rmSync(dir, { recursive: true, force: true });
  };
  // A bad configuration ends the process at once: say so then, with its log, rather than at the timeout.
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`prometheus exited with ${code} before it was ready:\n${log.slice(-2000)}`)))
  );
  exited.catch(() => {}); // the exit that stop() causes later is no error
  try {
    await Promise.race([
      waitFor("Prometheus to answer ready", async () => (await fetch(`${url}/-/ready`)).ok, options.readyTimeoutMs ?? 15_000),
      exited,
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    async api(path) {
      const answer = ApiAnswer.parse(await (await fetch(`${url}${path}`)).json());
      if (answer.status === "error") throw new Error(`Prometheus ${path}: ${answer.errorType}: ${answer.error}`);
      return answer.data;
    },
    stop,
  };
}
