import type postgres from "postgres";
import type { Experiment } from "../../shared/rules/index.ts";
import { type ExperimentDesign, readExperimentDesigns } from "../../read-models/read-experiment-designs.ts";
import { readStoredRules } from "../../infra/rules/read-stored-rules.ts";

/** An experiment as the rules hold it, with its design (null for one written with `rules set`). */
export type ExperimentView = Experiment & { design: ExperimentDesign | null };

/** Every experiment in the rules, in rules order (their precedence), or why they cannot be read. */
export async function listExperiments(
  sql: postgres.Sql,
): Promise<{ ok: true; experiments: ExperimentView[] } | { ok: false; reason: string }> {
  const rules = await readStoredRules(sql);
  if (rules === null) {
    return { ok: false, reason: "the stored rules are invalid: fix them with `bun run rules set`" };
  }
  const designs = new Map((await readExperimentDesigns(sql)).map((d) => [d.key, d]));
  const experiments = (rules?.experiments ?? []).map((e) => ({
    ...e,
    design: designs.get(e.key) ?? null,
  }));
  return { ok: true, experiments };
}

/** One experiment merged with its design, or why not (unknown key, invalid rules). */
export async function showExperiment(
  sql: postgres.Sql,
  key: string,
): Promise<{ ok: true; experiment: ExperimentView } | { ok: false; reason: string }> {
  const listed = await listExperiments(sql);
  if (!listed.ok) return listed;
  const experiment = listed.experiments.find((e) => e.key === key);
  if (!experiment) {
    return { ok: false, reason: `no experiment ${JSON.stringify(key)} in the rules` };
  }
  return { ok: true, experiment };
}
