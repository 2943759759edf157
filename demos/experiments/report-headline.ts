/**
 * The part of an experiment report (`bun run experiment report <key> --format json`)
 * the demo reads: its primary headline. The report comes from another process, so it
 * is parsed, not trusted: a report of a different shape is an error naming the field.
 */
import { z } from "zod";

const Probability = z.number().min(0).max(1);

/** `report.primary`, as far as the demo uses it. */
export const ReportHeadline = z.object({
  users: z.record(z.string(), z.number().int().min(0)),
  srm_p: Probability,
  lift: z.number().nullable(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
  p_value: Probability.nullable(),
  conclusion: z.string().min(1),
  /** The always-valid interval of the relative lift the verdict reads (reports that have one). */
  always_valid_lift_ci: z.tuple([z.number(), z.number()]).nullable().optional(),
  /** The equivalence margin the experiment declared, if any. */
  equivalence_margin: z.number().positive().nullable().optional(),
});
export type ReportHeadline = z.infer<typeof ReportHeadline>;

/** The headline of a report printed as JSON; throws naming what is wrong with it. */
export function parseReportHeadline(json: string): ReportHeadline {
  let report: unknown;
  try {
    report = JSON.parse(json);
  } catch {
    throw new Error(`the report is not JSON: ${json.slice(0, 200)}`);
  }
  const parsed = z.object({ primary: ReportHeadline }).safeParse(report);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`the report has no valid primary headline (${issues.join("; ")})`);
  }
  return parsed.data.primary;
}
