import { z } from "zod";
import { Fraction } from "./fraction.ts";
import { Name } from "./name.ts";
import { UserSelector } from "./user-selector.ts";
import { Variant } from "./variant.ts";

/**
 * The experiment's layer, as a GrowthBook namespace [name, start, end): experiments that
 * share a name and take disjoint slices never share a user.
 */
export const ExperimentNamespace = z.tuple([Name, Fraction, Fraction]).superRefine(
  ([, start, end], ctx) => {
    if (start >= end) {
      ctx.addIssue({
        code: "custom",
        message: `start (${start}) must be below end (${end}): the slice is [start, end)`,
      });
    }
  },
);
export type ExperimentNamespace = z.infer<typeof ExperimentNamespace>;

/** Only running experiments assign variants; drafts and stopped ones are kept for the record. */
export const ExperimentStatus = z.enum(["draft", "running", "stopped"]);
export type ExperimentStatus = z.infer<typeof ExperimentStatus>;

/**
 * An A/B experiment. `seed` is explicit (not derived from the key) so renaming an
 * experiment never reshuffles its users; `coverage` is the share of eligible users enrolled.
 */
export const Experiment = z.strictObject({
  key: Name,
  namespace: ExperimentNamespace.optional(),
  seed: z.string().min(1, { error: "seed must not be empty" }),
  coverage: Fraction,
  status: ExperimentStatus,
  targeting: UserSelector.optional(),
  variants: z.array(Variant).min(2, { error: "an experiment needs at least two variants" }),
});
export type Experiment = z.infer<typeof Experiment>;
