import { z } from "zod";

/** A point or share of the unit hash range [0, 1] (bucket bounds, coverage, namespace slices). */
export const Fraction = z.number().min(0).max(1);
export type Fraction = z.infer<typeof Fraction>;
