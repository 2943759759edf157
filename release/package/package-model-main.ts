/**
 * `bun run package <train-report.json> | --version <v> [--out <dir>] [--json]`: the
 * Jenkins package step. Verifies the registered model's artifact (sizes, checksums),
 * writes a Docker build context with the artifact and a Dockerfile that bakes it into
 * the worker image, and builds `movie-recommender/worker:<version>` when Docker is
 * available (without it, the context is left ready for `docker build`).
 * Exit 0: packaged; 2: bad arguments or the model is not releasable; 1: failure.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import { CommandError, runMain, usageError } from "../../infra/cli/command.ts";
import { withDatabase } from "../../infra/db/with-database.ts";
import { assertPackageableManifest } from "../../infra/model/assert-packageable-manifest.ts";
import { readArtifact } from "../../infra/model/read-artifact.ts";
import { DatabaseEnv } from "../../shared/config/env-fields.ts";
import { parseEnv } from "../../shared/config/parse-env.ts";
import { findModel } from "../../registry/model-registry.ts";
import { readTrainReportVersion } from "../../registry/read-train-report-version.ts";
import { MODEL_IMAGE_REPOSITORY, type ModelImage, modelImageDockerfile } from "./model-image.ts";

const ROOT = join(import.meta.dir, "../..");

const command = {
  name: "bun run package",
  summary:
    "A worker image build context with the registered model baked in; built when Docker is present.",
  usage: ["<train-report.json> | --version <version>  [--out <dir>] [--json]"],
  examples: ["bun run package reports/train.json --json"],
  flags: {
    version: z.string().min(1).optional().describe(
      "the model version, instead of a train report file",
    ),
    out: z.string().min(1).optional().describe(
      "where the build context goes (default reports/package)",
    ),
  },
  json: true,
  positionals: z.array(z.string()).max(1, "give a train report file or --version"),
  notes: [
    "exit 0: packaged; 2: bad arguments, or the model is unknown or not releasable; 1: failure",
  ],
} as const;

await runMain(command, async (flags) => {
  if ((flags.version === undefined) === (flags.positionals.length === 0)) {
    throw usageError(command, "give a train report file or --version");
  }
  const args = {
    version: flags.version ?? readTrainReportVersion(flags.positionals[0]),
    out: resolve(flags.out ?? join(ROOT, "reports/package")),
    json: flags.json,
  };
  return await withDatabase(parseEnv(DatabaseEnv, process.env), "package", async (database) => {
    const model = await findModel(database.sql, args.version);
    if (!model) {
      throw new CommandError("refused", `no model ${JSON.stringify(args.version)} in the registry`);
    }
    if (model.status === "rejected") {
      throw new CommandError(
        "refused",
        `model ${args.version} was rejected (offline gate or rollback): it is not packaged`,
      );
    }
    const artifact = await readArtifact(model.artifactPath);
    if (!artifact.ok) {
      throw new CommandError(
        "refused",
        `the artifact of ${args.version} at ${model.artifactPath} is unusable: ${artifact.reason}`,
      );
    }

    const manifest = artifact.artifact.manifest;
    assertPackageableManifest(manifest);
    const context = join(args.out, manifest.version);
    rmSync(context, { recursive: true, force: true });
    mkdirSync(join(context, "model"), { recursive: true });
    const files: Record<string, string> = {};
    copyFileSync(
      join(model.artifactPath, "manifest.json"),
      join(context, "model", "manifest.json"),
    );
    for (const file of Object.values(manifest.files)) {
      if (!file) continue;
      copyFileSync(join(model.artifactPath, file.path), join(context, "model", file.path));
      files[file.path] = file.sha256;
    }

    const baseImage = `movie-recommender/bun:${
      manifest.code.commit === "unknown" ? "latest" : manifest.code.commit.slice(0, 12)
    }`;
    writeFileSync(join(context, "Dockerfile"), modelImageDockerfile(manifest, baseImage));
    const image = `${MODEL_IMAGE_REPOSITORY}:${manifest.version}`;
    const dockerThere =
      spawnSync("docker", ["version", "--format", "{{.Server.Version}}"], { stdio: "ignore" })
        .status === 0;
    if (dockerThere) {
      for (
        const [tag, dir, dockerfile] of [[baseImage, ROOT, join(ROOT, "Dockerfile")], [
          image,
          context,
          join(context, "Dockerfile"),
        ]]
      ) {
        const built = spawnSync("docker", ["build", "-t", tag, "-f", dockerfile, dir], {
          stdio: "inherit",
        });
        if (built.status !== 0) {
          throw new CommandError("error", `docker build of ${tag} failed (exit ${built.status})`);
        }
      }
    }
    const result: ModelImage = {
      image,
      baseImage,
      model: manifest.version,
      codeCommit: manifest.code.commit,
      dataSnapshot: manifest.snapshot.id,
      files,
      built: dockerThere,
    };
    writeFileSync(join(context, "image.json"), JSON.stringify(result, null, 2) + "\n");
    if (args.json) console.log(JSON.stringify({ ...result, context }));
    else {
      console.log(
        dockerThere
          ? `built ${image}`
          : `no Docker engine here: the build context of ${image} is ready in ${context} (docker build -t ${image} ${context})`,
      );
    }
    return "ok" as const;
  });
});
