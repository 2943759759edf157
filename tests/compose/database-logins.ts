/**
 * Who logs in to Postgres in compose.yaml: every service with a DATABASE_URL, the role that
 * URL names, the .env variable of its password, and the entry file the service runs (its
 * command, else its image's CMD). Shared by the least-privilege tests.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export const ROOT = join(import.meta.dir, "../..");
export const readProjectFile = (path: string) => readFileSync(join(ROOT, path), "utf8");

export type ComposeService = {
  build?: { context: string; dockerfile?: string };
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, unknown>;
  depends_on?: Record<string, { condition: string }>;
  secrets?: string[];
};
export const compose = parse(readProjectFile("compose.yaml"), { merge: true }) as {
  services: Record<string, ComposeService>;
  secrets: Record<string, { environment?: string }>;
};

/** The schema's owner (POSTGRES_USER), and the database every service uses. */
export const OWNER = String(compose.services.postgres.environment?.POSTGRES_USER);
export const DATABASE = String(compose.services.postgres.environment?.POSTGRES_DB);

export type DatabaseLogin = {
  readonly name: string;
  readonly role: string | undefined;
  readonly passwordVariable: string | undefined;
  readonly database: string | undefined;
  readonly entry: string | undefined;
};

export const databaseLogins: readonly DatabaseLogin[] = Object.entries(compose.services).flatMap(([name, service]) => {
  const url = service.environment?.DATABASE_URL;
  if (url === undefined) return [];
  const parts = /^postgres:\/\/([a-z_]+):\$\{([A-Z_]+):\?[^}]*\}@postgres:5432\/([a-z_]+)$/.exec(String(url));
  // The command compose gives, else the image's own (the router's Dockerfile CMD).
  const image = service.build ? join(service.build.context, service.build.dockerfile ?? "Dockerfile") : null;
  const imageCommand: string[] = image ? JSON.parse(/^CMD (.+)$/m.exec(readProjectFile(image))?.[1] ?? "[]") : [];
  const entry = [...(service.entrypoint ?? []), ...(service.command ?? imageCommand)].find((part) => part.endsWith(".ts"));
  return [{ name, role: parts?.[1], passwordVariable: parts?.[2], database: parts?.[3], entry }];
});

/** The services' own roles, the owner's aside. */
export const serviceRoles = [...new Set(databaseLogins.map((s) => s.role!).filter((role) => role !== OWNER))].sort();
