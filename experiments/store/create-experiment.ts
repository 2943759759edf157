import type postgres from "postgres";
import { addExperimentToRules } from "../design/add-experiment-to-rules.ts";
import type { ExperimentDocument } from "../design/experiment-document.ts";
import { splitExperimentDocument } from "../design/split-experiment-document.ts";
import { editRules } from "./edit-rules.ts";
import { deleteExperimentDesign, insertExperimentDesign } from "./experiment-design-rows.ts";
import { readStoredRules } from "../../infra/rules/read-stored-rules.ts";

/** The rules version that holds the new draft, or why nothing was created. */
export type CreateExperimentResult =
  | { readonly ok: true; readonly key: string; readonly rulesVersion: number }
  | { readonly ok: false; readonly reason: string };

/**
 * Stores a new experiment as a draft in the rules and its design in experiment_designs.
 * Refuses a key already in either, and anything the rules validator refuses.
 *
 * The two writes cannot share a transaction: updateRules opens its own (it takes a pool,
 * not a transaction, because it must hold the writers' lock for its whole read-modify-write).
 * So the design is written first and deleted again if the rules write is refused or fails.
 * That order keeps the rules, which every router reloads and the audit records, free of
 * an experiment that then disappears; a crash between the two leaves at worst a design
 * row without an experiment, which the router never sees and `create` names as the reason.
 */
export async function createExperiment(
  sql: postgres.Sql,
  document: ExperimentDocument,
  actor: string,
): Promise<CreateExperimentResult> {
  const { experiment, design } = splitExperimentDocument(document);
  const key = JSON.stringify(experiment.key);
  // Checked before any write, so a refused document leaves no trace; checked again under the lock.
  const preview = addExperimentToRules(await readStoredRules(sql), experiment);
  if (!preview.ok) return preview;
  if (!(await insertExperimentDesign(sql, design, actor))) {
    return {
      ok: false,
      reason:
        `experiment ${key} already has a design in experiment_designs, though not in the rules`,
    };
  }
  try {
    const written = await editRules(
      sql,
      (stored) => addExperimentToRules(stored, experiment),
      actor,
    );
    if (!written.ok) {
      await deleteExperimentDesign(sql, experiment.key);
      return written;
    }
    return { ok: true, key: experiment.key, rulesVersion: written.version };
  } catch (error) {
    await deleteExperimentDesign(sql, experiment.key);
    throw error;
  }
}
