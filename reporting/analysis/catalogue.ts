/** The movies the analysed data knows about, since the event store has no movie table. */
import type { AnalysisInput } from "./analysis-input.ts";

/** Every movie recommended, watched or rated in the input, sorted. */
export function catalogue(input: AnalysisInput): string[] {
  const ids = new Set<string>();
  for (const r of input.recommendations) for (const item of r.items) ids.add(item);
  for (const w of input.watches) ids.add(w.movieId);
  for (const r of input.ratings) ids.add(r.movieId);
  return [...ids].sort();
}
