/** The faults the simulator can inject, each switched on by name (SIMULATOR_FAULTS=malformed,shilling,…). */
import { z } from "zod";

/** Every fault name, in documentation order. */
export const FAULT_KINDS = [
  "malformed",
  "truncated",
  "duplicates",
  "replays",
  "out-of-order",
  "schema-drift",
  "hostile",
  "bursts",
  "invalid-requests",
  "shilling",
  "feedback-loop",
] as const;

export const FaultKind = z.enum(FAULT_KINDS);
export type FaultKind = z.infer<typeof FaultKind>;

/** A comma-separated list of fault names, `all`, or `none`, as a set. */
export const FaultList = z
  .string()
  .transform((s) => s.split(",").map((f) => f.trim()).filter((f) => f.length > 0 && f !== "none"))
  .transform((names) => (names.includes("all") ? [...FAULT_KINDS] : names))
  .pipe(z.array(FaultKind))
  .transform((names) => new Set<FaultKind>(names) as ReadonlySet<FaultKind>);
export type FaultList = z.infer<typeof FaultList>;
