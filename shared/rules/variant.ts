import { z } from "zod";
import { readWorkerFlags } from "../recommendation/worker-flags.ts";
import { Interleave } from "./interleave.ts";
import { Name } from "./name.ts";

/** A flag value; strings reach the worker in a header, so they hold no control characters. */
export const FlagValue = z.union([
  // deno-lint-ignore no-control-regex -- refusing control characters is the point
  z.string().max(256).regex(/^[^\u0000-\u001f\u007f]*$/, {
    error: "a flag string must not hold control characters",
  }),
  z.number(),
  z.boolean(),
]);
export type FlagValue = z.infer<typeof FlagValue>;

/**
 * Flags a variant passes to the worker, by flag name. A worker flag (shared/recommendation/
 * worker-flags.ts) must hold a value the worker applies, or every worker would drop it on
 * every request; other names are other components' and pass with any flag value.
 */
export const Flags = z.record(Name, FlagValue).superRefine((flags, ctx) => {
  for (const { flag, reason } of readWorkerFlags(flags).refused) {
    ctx.addIssue({ code: "custom", path: [flag], message: reason, input: flags[flag] });
  }
});
export type Flags = z.infer<typeof Flags>;

/**
 * One arm of an experiment: its share of covered users, and optionally a pool, two pools
 * to interleave (then `pool`, if given, is one of them and names the request), and flags.
 */
export const Variant = z.strictObject({
  key: Name,
  weight: z.number().min(0).max(1),
  pool: Name.optional(),
  interleave: Interleave.optional(),
  flags: Flags.optional(),
});
export type Variant = z.infer<typeof Variant>;
