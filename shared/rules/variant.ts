import { z } from "zod";
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

/** Flags a variant passes to the worker, by flag name. */
export const Flags = z.record(Name, FlagValue);
export type Flags = z.infer<typeof Flags>;

/** One arm of an experiment: its share of covered users, and optionally a pool and flags. */
export const Variant = z.strictObject({
  key: Name,
  weight: z.number().min(0).max(1),
  pool: Name.optional(),
  flags: Flags.optional(),
});
export type Variant = z.infer<typeof Variant>;
