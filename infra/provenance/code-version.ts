/** Which code built something: the git commit and whether the work tree had uncommitted changes. */
import { spawnSync } from "node:child_process";

export type CodeVersion = { readonly commit: string; readonly dirty: boolean };

/** Reads the commit of `dir`'s repository; "unknown" outside a git checkout (e.g. a container without .git). */
export function readCodeVersion(dir: string): CodeVersion {
  const head = spawnSync("git", ["rev-parse", "HEAD"], { cwd: dir, encoding: "utf8" });
  if (head.status !== 0) return { commit: process.env.CODE_COMMIT ?? "unknown", dirty: false };
  const status = spawnSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: dir, encoding: "utf8" });
  return { commit: head.stdout.trim(), dirty: status.stdout.trim().length > 0 };
}
