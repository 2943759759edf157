/**
 * A worker image with one model baked in: its Dockerfile and the metadata written
 * beside it. Pure text, so the packaging step can be checked without Docker.
 */
import type { ModelManifest } from "../../shared/model/manifest.ts";

/** Repository of the model images; the tag is the model version. */
export const MODEL_IMAGE_REPOSITORY = "movie-recommender/worker";

/** What the packaging step records for the image it prepared (and built, when Docker was there). */
export type ModelImage = {
  readonly image: string;
  readonly baseImage: string;
  readonly model: string;
  readonly codeCommit: string;
  readonly dataSnapshot: string;
  /** Artifact files copied into the context, with the sha256 the manifest declares. */
  readonly files: Readonly<Record<string, string>>;
  readonly built: boolean;
};

/** The Dockerfile of `manifest`'s image on top of the project's Bun image `baseImage`. */
export function modelImageDockerfile(manifest: ModelManifest, baseImage: string): string {
  const dir = `/models/${manifest.version}`;
  return [
    "# A worker with its model inside: it serves this version without reading the",
    "# artifact volume or the registry, so the image alone reproduces the answers.",
    `FROM ${baseImage}`,
    `COPY model ${dir}`,
    `ENV WORKER_MODEL_PATH=${dir}`,
    `LABEL org.opencontainers.image.revision="${manifest.code.commit}" \\`,
    `      io.movie-recommender.model="${manifest.version}" \\`,
    `      io.movie-recommender.snapshot="${manifest.snapshot.id}"`,
    'CMD ["bun", "workers/main.ts"]',
    "",
  ].join("\n");
}
