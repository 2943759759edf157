/**
 * The embedded database server process: PGlite on the Postgres wire protocol, with
 * SessionQueue deciding whose messages run on its one session (see session-queue.ts),
 * behind PasswordGate: a client logs in with SCRAM-SHA-256 and the port's password
 * (embedded-database-password.ts) before any of its messages reaches the database.
 *
 *   bun infra/db/embedded-server-main.ts --db <dir|memory://> --port <n> [--host 127.0.0.1] [--max-connections 64]
 *
 * Prints `listening on host:port` once it accepts connections; SIGTERM or SIGINT
 * closes the connections and the database files cleanly. A failure to end what a
 * departed client left open is reported on stderr (the other clients go on).
 */
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { parseArgs } from "node:util";
import { z } from "zod";
import { logUncaughtErrors } from "../log/log-uncaught.ts";
import { createLogger } from "../log/logger.ts";
import { embeddedDatabasePassword } from "./embedded-database-password.ts";
import { PasswordGate } from "./password-gate.ts";
import { SessionQueue } from "./session-queue.ts";

// A crash becomes one JSON line for the supervisor's log, not a stack trace.
logUncaughtErrors(createLogger("embedded-database"));

const Args = z.object({
  db: z.string().min(1),
  // A fixed port: the password is the port's, and clients find the server by it.
  port: z.coerce.number().int().min(1).max(65535),
  host: z.string().min(1).default("127.0.0.1"),
  "max-connections": z.coerce.number().int().min(1).default(64),
});

const parsed = Args.safeParse(parseArgs({
  args: process.argv.slice(2),
  options: { db: { type: "string" }, port: { type: "string" }, host: { type: "string" }, "max-connections": { type: "string" } },
  strict: true,
}).values);
if (!parsed.success) {
  console.error(`embedded database: ${parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("; ")}`);
  process.exit(2);
}
const args = parsed.data;
// Read before the database opens: a damaged or foreign key stops the start, naming the file.
const password = embeddedDatabasePassword(args.port);

const db = await PGlite.create(args.db);
const server = new PGLiteSocketServer({ db, port: args.port, host: args.host, maxConnections: args["max-connections"] });
// pglite-socket (pinned) keeps its queue in this private field and hands it to each
// connection as it arrives; replacing it before start() puts every connection on ours.
const log = (line: string) => console.error(`embedded database: ${line}`);
(server as unknown as { queryQueue: PasswordGate }).queryQueue = new PasswordGate(new SessionQueue(db, { log }), password, { log });
await server.start();
console.log(`listening on ${args.host}:${args.port}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  await db.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
