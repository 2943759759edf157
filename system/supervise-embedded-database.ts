/**
 * The embedded database as a supervised child: the PGlite server on the same port and
 * data directory after every restart, ready once it answers a query. A restart loses the
 * transactions that were open when it died (their clients retry); what was committed
 * stays in the data directory.
 */
import type { Logger } from "../infra/log/logger.ts";
import { embeddedDatabaseUrl, embeddedServerCommand, waitForQuery } from "../infra/db/embedded-database.ts";
import { type SupervisedProcess, superviseProcess } from "./supervise-process.ts";

export type EmbeddedDatabaseOptions = {
  readonly port: number;
  readonly dir: string;
  readonly cwd: string;
  readonly log: Logger;
  readonly onLine: (line: string) => void;
  readonly onSpawn: (pid: number) => void;
};

/** Starts the server under supervision; its URL, and `ready()` once it answers. */
export function superviseEmbeddedDatabase(options: EmbeddedDatabaseOptions): { readonly url: string; readonly process: SupervisedProcess } {
  const url = embeddedDatabaseUrl(options.port);
  const { command, args } = embeddedServerCommand(options);
  const supervised = superviseProcess({
    name: "database",
    command,
    args,
    env: { ...process.env },
    cwd: options.cwd,
    onLine: options.onLine,
    onSpawn: options.onSpawn,
    // A fresh data directory takes a while to initialise on a busy machine.
    readyTimeoutMs: 90_000,
    // The port opens before a fresh data directory is ready; ready means a query was answered.
    ready: (run) => {
      let gone = false;
      void run.exited.then(() => (gone = true));
      return waitForQuery(url, 90_000, () => gone);
    },
  }, options.log);
  return { url, process: supervised };
}
