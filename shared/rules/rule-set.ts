import { z } from "zod";
import { Experiment } from "./experiment.ts";
import { Name } from "./name.ts";
import { Pool } from "./pool.ts";
import { Route } from "./route.ts";
import { ruleSetIssues } from "./rule-set-issues.ts";

/** The rules document format this code reads; a change of format is a new number. */
export const RULES_FORMAT_VERSION = 1;

/**
 * The whole traffic and experiment configuration, validated as one document: pools of
 * workers, ordered routes, a default pool, and experiments. `version` is the stored
 * rules version (bumped by the database on every edit), not the document format.
 */
export const RuleSet = z.strictObject({
  formatVersion: z.literal(RULES_FORMAT_VERSION, {
    error: (issue) =>
      `formatVersion ${
        JSON.stringify(issue.input)
      } is not supported: this code reads format ${RULES_FORMAT_VERSION}`,
  }),
  version: z.number().int().min(0),
  pools: z.record(Name, Pool),
  routes: z.array(Route),
  defaultPool: Name,
  experiments: z.array(Experiment),
}).superRefine((doc, ctx) => {
  for (const issue of ruleSetIssues(doc)) {
    ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  }
});
export type RuleSet = z.infer<typeof RuleSet>;
