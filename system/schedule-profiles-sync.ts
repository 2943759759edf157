/**
 * While `npm start` runs the simulated site, its user profiles follow the event store:
 * profiles:sync runs once the user API answers and then every few minutes, so that
 * experiments targeting age, gender or occupation enrol users without an operator
 * running the command. Each run asks for users without a stored answer first, so new
 * users of the stream are picked up at the next run. One run at a time.
 */
import { errorMessage, type Logger } from "../infra/log/logger.ts";
import type { StepResult } from "./run-step.ts";

export type ProfilesSyncSchedule = { stop(): Promise<void> };

/** Starts the schedule: `sync` once `ready` resolves, then every `everyMs`. */
export function scheduleProfilesSync(options: {
  ready: () => Promise<void>;
  sync: () => Promise<StepResult>;
  everyMs: number;
  onSummary: (line: string) => void;
  log: Logger;
}): ProfilesSyncSchedule {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();

  const runOnce = async () => {
    try {
      const result = await options.sync();
      const summary = result.stdout.trim().split("\n")[0] ?? "";
      if (summary) options.onSummary(summary);
      if (result.code !== 0) options.log.warn("profiles:sync failed; next run as scheduled", { code: result.code });
    } catch (error) {
      options.log.warn("profiles:sync could not run; next run as scheduled", { error: errorMessage(error) });
    }
  };
  const next = () => {
    if (stopped) return;
    running = runOnce().then(() => {
      if (!stopped) timer = setTimeout(next, options.everyMs);
    });
  };
  options.ready().then(next, (error) =>
    options.log.warn("the user API never answered: profiles are not synced", { error: errorMessage(error) })
  );
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
