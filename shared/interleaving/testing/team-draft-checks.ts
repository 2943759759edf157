/**
 * Checks of teamDraft() against team-draft-cases.json, whose merges an independent
 * script computed, written once and run by both runtimes (team-draft-cases.test.ts for
 * Bun, team-draft.deno.test.ts for the router's Deno): a request's merge must not depend
 * on which runtime computes or replays it.
 */
import { type Team, teamDraft } from "../team-draft.ts";
import cases from "./team-draft-cases.json" with { type: "json" };

/** One expected merge: a test name, how to compute it, and what the file says. */
export type TeamDraftCheck = { name: string; run: () => unknown; expected: { items: string[]; teams: Team[] } };

export function teamDraftChecks(): TeamDraftCheck[] {
  return cases.cases.map((c) => ({
    name: `teamDraft() merges as the reference does under seed ${JSON.stringify(c.seed)} (limit ${c.limit})`,
    run: () => teamDraft(c.a, c.b, c.seed, c.limit),
    expected: { items: c.items, teams: c.teams as Team[] },
  }));
}
