/**
 * `bun run package <train-report.json> | --version <v> [--out <dir>] [--json]`: the
 * Jenkins package step. Verifies the registered model's artifact (sizes, checksums),
 * writes a Docker build context with the artifact and a Dockerfile that bakes it into
 * the worker image, and builds `movie-recommender/worker:<version>` when Docker is
 * available (without it, the context is left ready for `docker build`).
 * Exit 0: packaged; 2: bad arguments or the model is not releasable; 1: failure.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { connectDatabase } from "../../infra/db/connect-database.ts";
import { ensureDatabase } from "../../infra/db/ensure-database.ts";
import { errorMessage } from "../../infra/log/logger.ts";
import { readArtifact } from "../../infra/model/read-artifact.ts";
import { DatabaseEnv } from "../../shared/config/env-fields.ts";
import { parseEnv } from "../../shared/config/parse-env.ts";
import { findModel } from "../../registry/model-registry.ts";
import { MODEL_IMAGE_REPOSITORY, type ModelImage, modelImageDockerfile } from "./model-image.ts";

const USAGE = "usage: bun run package <train-report.json> | --version <version>  [--out <dir>] [--json]";
const ROOT = join(import.meta.dir, "../..");

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

const args = (() => {
  try {
    const { values, positionals } = parseArgs({
      args: process.argv.slice(2),
      options: { version: { type: "string" }, out: { type: "string" }, json: { type: "boolean" } },
      allowPositionals: true,
      strict: true,
    });
    const version = values.version ?? (positionals.length === 1 ? z.object({ version: z.string() }).parse(JSON.parse(readFileSync(positionals[0], "utf8"))).version : undefined);
    if (!version || (values.version && positionals.length > 0)) throw new Error("give a train report file or --version");
    return { version, out: resolve(values.out ?? join(ROOT, "reports/package")), json: Boolean(values.json) };
  } catch (error) {
    return fail(`${errorMessage(error)}\n${USAGE}`, 2);
  }
})();

const server = await ensureDatabase(parseEnv(DatabaseEnv, process.env), (l) => console.error(l));
const database = connectDatabase(server.url, { applicationName: "package" });
let code = 1;
try {
  const model = await findModel(database.sql, args.version);
  if (!model) fail(`no model ${JSON.stringify(args.version)} in the registry`, 2);
  if (model.status === "rejected") fail(`model ${args.version} was rejected (offline gate or rollback): it is not packaged`, 2);
  const artifact = await readArtifact(model.artifactPath);
  if (!artifact.ok) fail(`the artifact of ${args.version} at ${model.artifactPath} is unusable: ${artifact.reason}`, 2);

  const manifest = artifact.artifact.manifest;
  const context = join(args.out, manifest.version);
  rmSync(context, { recursive: true, force: true });
  mkdirSync(join(context, "model"), { recursive: true });
  const files: Record<string, string> = {};
  copyFileSync(join(model.artifactPath, "manifest.json"), join(context, "model", "manifest.json"));
  for (const file of Object.values(manifest.files)) {
    if (!file) continue;
    copyFileSync(join(model.artifactPath, file.path), join(context, "model", file.path));
    files[file.path] = file.sha256;
  }

  const baseImage = `movie-recommender/bun:${manifest.code.commit === "unknown" ? "latest" : manifest.code.commit.slice(0, 12)}`;
  writeFileSync(join(context, "Dockerfile"), modelImageDockerfile(manifest, baseImage));
  const image = `${MODEL_IMAGE_REPOSITORY}:${manifest.version}`;
  const dockerThere = spawnSync("docker", ["version", "--format", "{{.Server.Version}}"], { stdio: "ignore" }).status === 0;
  if (dockerThere) {
    for (const [tag, dir, dockerfile] of [[baseImage, ROOT, join(ROOT, "Dockerfile")], [image, context, join(context, "Dockerfile")]]) {
      const built = spawnSync("docker", ["build", "-t", tag, "-f", dockerfile, dir], { stdio: "inherit" });
      if (built.status !== 0) fail(`docker build of ${tag} failed (exit ${built.status})`, 1);
    }
  }
  const result: ModelImage = { image, baseImage, model: manifest.version, codeCommit: manifest.code.commit, dataSnapshot: manifest.snapshot.id, files, built: dockerThere };
  writeFileSync(join(context, "image.json"), JSON.stringify(result, null, 2) + "\n");
  if (args.json) console.log(JSON.stringify({ ...result, context }));
  else console.log(dockerThere ? `built ${image}` : `no Docker engine here: the build context of ${image} is ready in ${context} (docker build -t ${image} ${context})`);
  code = 0;
} finally {
  await database.close();
  await server.stop();
}
process.exit(code);
