/**
 * The password of the embedded database on 127.0.0.1:<port>. Every process of this
 * checkout derives it from one key, `.data/embedded-database.key` (owner-only, created by
 * the first process that needs it and kept), and the port: the server to check it, a
 * client to put it in its URL. So a process that knows only the port (a command run while
 * `npm start` runs, a worker or router started alone) reaches the server, the password
 * stays the same across restarts of the server, and other users of the machine, who
 * cannot read the key, cannot log in.
 */
import { createHmac, randomBytes } from "node:crypto";
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

// fileURLToPath rather than import.meta.dir: this module also runs under Deno (the router).
export const EMBEDDED_DATABASE_KEY_FILE = fileURLToPath(new URL("../../.data/embedded-database.key", import.meta.url));

const KEY = /^[0-9a-f]{64}$/;

/** The password for the server on `port`, from the key in `keyFile` (created when missing). */
export function embeddedDatabasePassword(port: number, keyFile = EMBEDDED_DATABASE_KEY_FILE): string {
  return deriveEmbeddedDatabasePassword(readOrCreateKey(keyFile), port);
}

/** The password for `port` under `key` (64 hex digits): 64 hex digits, safe in a URL as they are. */
export function deriveEmbeddedDatabasePassword(key: string, port: number): string {
  return createHmac("sha256", Buffer.from(key, "hex")).update(`embedded-database 127.0.0.1:${port}`).digest("hex");
}

/** The key in `path`, written first when there is none. */
function readOrCreateKey(path: string): string {
  try {
    return readKey(path);
  } catch (error) {
    if ((error as { code?: unknown }).code !== "ENOENT") throw error;
  }
  mkdirSync(dirname(path), { recursive: true });
  // Written whole beside it, then linked in: a process that starts at the same moment sees
  // no file or a complete one, and the first link wins (link never replaces a file).
  const draft = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    writeFileSync(draft, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
    linkSync(draft, path);
  } catch (error) {
    if ((error as { code?: unknown }).code !== "EEXIST") throw error;
  } finally {
    rmSync(draft, { force: true });
  }
  return readKey(path);
}

function readKey(path: string): string {
  const stat = statSync(path);
  if (typeof process.getuid === "function" && stat.uid !== process.getuid()) {
    throw new Error(`The embedded database's key ${path} belongs to another user (uid ${stat.uid}); remove it or run as its owner`);
  }
  // Owner-only, whatever a copy or an editor left it as.
  if ((stat.mode & 0o077) !== 0) chmodSync(path, 0o600);
  const key = readFileSync(path, "utf8").trim();
  if (!KEY.test(key)) {
    throw new Error(
      `The embedded database's key ${path} is damaged (expected 64 hex digits); stop every process using the embedded database, then delete it`,
    );
  }
  return key;
}
