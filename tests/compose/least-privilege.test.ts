/**
 * compose gives every service that uses Postgres a role of its own: compose.yaml names it
 * in each DATABASE_URL, ops/postgres/roles.sql creates and grants it, and
 * ops/postgres/create-roles.sh (service db-roles) sets its password. What each role may do
 * is checked on a database in least-privilege.int.test.ts.
 */
import { describe, expect, test } from "bun:test";
import { compose, DATABASE, databaseLogins, OWNER, readProjectFile, ROOT, serviceRoles } from "./database-logins.ts";
import { OWN_DATABASE_MODULES } from "./table-access.ts";

describe("compose's Postgres roles", () => {
  test("log every service in as its own role, only migrate and db-roles as the owner, and the simulator not at all", () => {
    expect(Object.fromEntries(databaseLogins.map((s) => [s.name, s.role]))).toEqual({
      migrate: OWNER,
      "router-1": "recommender_router",
      "router-2": "recommender_router",
      "worker-1": "recommender_worker",
      "worker-2": "recommender_worker",
      "worker-canary": "recommender_worker",
      ingest: "recommender_ingest",
      release: "recommender_release",
      trainer: "recommender_trainer",
    });
    expect(compose.services.simulator.environment?.DATABASE_URL).toBeUndefined();
    expect(compose.services["db-roles"].environment?.PGUSER).toBe(OWNER);
    for (const service of databaseLogins) expect({ name: service.name, database: service.database }).toEqual({ name: service.name, database: DATABASE });
    // The owner's password goes to the owner's two jobs and nowhere else.
    const ownerPassword = Object.entries(compose.services)
      .filter(([, s]) => JSON.stringify(s.environment ?? {}).includes("${POSTGRES_PASSWORD"))
      .map(([name]) => name);
    expect(ownerPassword.sort()).toEqual(["db-roles", "migrate", "postgres"]);
  });

  test("give each role the password db-roles sets, from a variable of its own", () => {
    const mounted = compose.services["db-roles"].secrets ?? [];
    for (const service of databaseLogins.filter((s) => s.role !== OWNER)) {
      const short = service.role!.replace(/^recommender_/, "");
      const secret = `postgres_${short}_password`;
      expect({ name: service.name, variable: service.passwordVariable, mounted: mounted.includes(secret), from: compose.secrets[secret]?.environment })
        .toEqual({ name: service.name, variable: `POSTGRES_${short.toUpperCase()}_PASSWORD`, mounted: true, from: `POSTGRES_${short.toUpperCase()}_PASSWORD` });
    }
    const scriptRoles = /^ROLES=\(([^)]*)\)$/m.exec(readProjectFile("ops/postgres/create-roles.sh"))?.[1].split(/\s+/).map((r) => `recommender_${r}`).sort();
    const sqlRoles = [...(/ARRAY\[([^\]]*)\]/.exec(readProjectFile("ops/postgres/roles.sql"))?.[1].matchAll(/'(\w+)'/g) ?? [])].map((m) => m[1]).sort();
    expect({ scriptRoles, sqlRoles }).toEqual({ scriptRoles: serviceRoles, sqlRoles: serviceRoles });
  });

  test("run db-roles after migrate and before every service that uses the database", () => {
    expect(compose.services["db-roles"].depends_on).toEqual({ migrate: { condition: "service_completed_successfully" } });
    for (const service of databaseLogins.filter((s) => s.role !== OWNER)) {
      // A router waits for nothing (it serves from what it persisted); it logs in once db-roles has run.
      if (service.role === "recommender_router") continue;
      expect({ name: service.name, after: compose.services[service.name].depends_on?.["db-roles"]?.condition })
        .toEqual({ name: service.name, after: "service_completed_successfully" });
    }
  });
});


test("a module the role analysis leaves apart is reached only by code that hands it a scratch database", () => {
  const { execFileSync } = require("node:child_process") as typeof import("node:child_process");
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.ts"], { cwd: ROOT, encoding: "utf8" })
    .split("\n").filter((p) => p !== "" && !p.endsWith(".test.ts"));
  for (const apart of OWN_DATABASE_MODULES) {
    const name = apart.split("/").pop()!;
    const imports = new RegExp(String.raw`(?:\bfrom|\bimport\s*\()\s*["'][^"']*/${name.replace(".", "\\.")}["']`);
    const importers = files.filter((p) => p !== apart && imports.test(readProjectFile(p)));
    // Its one importer is the file replay, and the only caller of that opens a scratch database for it.
    expect({ apart, importers }).toEqual({ apart, importers: ["release/replay/replay-files.ts"] });
  }
  const command = readProjectFile("release/replay/replay-command.ts");
  expect(command).toMatch(/const scratch = await openScratchDatabase\(\);[\s\S]{0,200}replayFiles\(scratch\.database\.sql,/);
});
