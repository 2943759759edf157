import { z } from "zod";
import { Name } from "./name.ts";

/**
 * Two pools whose answers are merged by team draft (shared/interleaving/team-draft.ts)
 * for the users a route or variant selects, so a watch credits the ranker that placed the
 * movie. `a` is team A: its pool names the request where one pool name is needed
 * (metrics, telemetry `pool`); `b` is team B.
 */
export const Interleave = z.strictObject({ a: Name, b: Name }).refine((pair) => pair.a !== pair.b, {
  error: "interleave needs two different pools: a pool interleaved with itself compares nothing",
});
export type Interleave = z.infer<typeof Interleave>;
