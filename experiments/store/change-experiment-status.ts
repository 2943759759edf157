import type postgres from "postgres";
import { readStreamClock } from "../../measurement/stream-clock.ts";
import { nextDesignTimes, type RunTimes } from "../design/next-design-times.ts";
import { setExperimentStatus } from "../design/set-experiment-status.ts";
import { editRules } from "./edit-rules.ts";
import { readExperimentDesign } from "../../read-models/read-experiment-designs.ts";
import { writeDesignTimes } from "./experiment-design-rows.ts";
import { readStoredRules } from "../../infra/rules/read-stored-rules.ts";

/** The new status, the rules version that holds it, and the run times recorded. */
export type ChangeExperimentStatusResult =
  | {
    readonly ok: true;
    readonly key: string;
    readonly status: "running" | "stopped";
    readonly rulesVersion: number;
    readonly times: RunTimes;
  }
  | { readonly ok: false; readonly reason: string };

/** Who changes the status, and the clocks: `now` is the wall clock; the stream's is read from `streamTopic`. */
export type ChangeStatusOptions = { actor: string; now: number; streamTopic: string };

/**
 * Starts (draft or stopped → running) or stops (running → stopped) an experiment and
 * records when on both clocks; the stream's clock falls back to the wall clock before
 * anything was ingested. Refuses an unknown key, an experiment without a design (made
 * with `rules set`, not `experiment create`), a transition that is not allowed, and
 * anything the rules validator refuses (a start that would overlap a running experiment).
 *
 * As in createExperiment, the design and the rules cannot share a transaction, so the
 * times are written first and put back if the rules write is refused or fails: a running
 * experiment then always has its start time recorded.
 */
export async function changeExperimentStatus(
  sql: postgres.Sql,
  key: string,
  to: "running" | "stopped",
  options: ChangeStatusOptions,
): Promise<ChangeExperimentStatusResult> {
  const preview = setExperimentStatus(await readStoredRules(sql), key, to);
  if (!preview.ok) return preview;
  const design = await readExperimentDesign(sql, key);
  if (!design) {
    return {
      ok: false,
      reason: `experiment ${
        JSON.stringify(key)
      } has no design (it was not made with \`experiment create\`), so its run cannot be recorded`,
    };
  }
  const streamNow = (await readStreamClock(sql, options.streamTopic)) ?? options.now;
  const times = nextDesignTimes(design, to, options.now, streamNow);
  await writeDesignTimes(sql, key, times);
  try {
    const written = await editRules(
      sql,
      (stored) => setExperimentStatus(stored, key, to),
      options.actor,
    );
    if (!written.ok) {
      await writeDesignTimes(sql, key, design);
      return written;
    }
    return { ok: true, key, status: to, rulesVersion: written.version, times };
  } catch (error) {
    await writeDesignTimes(sql, key, design);
    throw error;
  }
}
