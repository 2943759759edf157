/**
 * Where training data comes from, written `<kind>:<location>` on the command
 * line. Cross-validation (`--folds`) reads MovieLens directories; production
 * runs (no `--folds`) read the event store, a stored snapshot or a movielog file.
 */
import { z } from "zod";

export const DatasetSource = z.discriminatedUnion("kind", [
  /** The event store, snapshotted at the cutoff (production training). */
  z.object({ kind: z.literal("events") }),
  /** A MovieLens directory: u{i}.base/u{i}.test, ratings.csv, ratings.dat or u.data. */
  z.object({ kind: z.literal("movielens"), dir: z.string().min(1) }),
  /** A movielog file of watch/rate lines. */
  z.object({ kind: z.literal("movielog"), file: z.string().min(1) }),
  /** A frozen training snapshot of the event store, by id. */
  z.object({ kind: z.literal("snapshot"), id: z.string().min(1) }),
]);
export type DatasetSource = z.infer<typeof DatasetSource>;

/** Parses `events`, `movielens:<dir>`, `movielog:<file>` or `snapshot:<id>`; returns an error message otherwise. */
export function parseDatasetSource(text: string): DatasetSource | string {
  if (text === "events" || text === "events:") return { kind: "events" };
  const colon = text.indexOf(":");
  const kind = colon < 0 ? text : text.slice(0, colon);
  const location = colon < 0 ? "" : text.slice(colon + 1);
  if (location === "") return `expected <kind>:<location> (e.g. movielens:../shared/data/ml-100k), got ${JSON.stringify(text)}`;
  const candidate = kind === "movielens" ? { kind, dir: location } : kind === "movielog" ? { kind, file: location } : { kind, id: location };
  const parsed = DatasetSource.safeParse(candidate);
  return parsed.success ? parsed.data : `unknown dataset kind ${JSON.stringify(kind)} (events, movielens, movielog or snapshot)`;
}
