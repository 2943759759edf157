/**
 * The demo's watch over its running experiments: every `checkEveryMs` it reads each
 * running experiment's report, stops an experiment as soon as its report is conclusive
 * (conclusive-verdict.ts), and stops whatever is still running at the cap (or when
 * interrupted, within a second). Reports use
 * always-valid decisions, so looking this often does not inflate their error rates.
 * Clock, sleep, report and stop are passed in: tests drive it with fakes.
 */
import { errorMessage } from "../../infra/log/logger.ts";
import { isConclusive } from "./conclusive-verdict.ts";
import type { ReportHeadline } from "./report-headline.ts";

/** How one experiment's watch ended. */
export type WatchedExperiment = {
  readonly key: string;
  /** The last report read while it ran (null if none could be read). */
  readonly last: ReportHeadline | null;
  /** Milliseconds from the start of the watch to its stop. */
  readonly stoppedAfterMs: number;
  /** True when it was stopped because its report was conclusive, false when the cap (or an interruption) stopped it. */
  readonly conclusive: boolean;
};

export type WatchOptions = {
  readonly keys: readonly string[];
  /** The longest the experiments run, from the start of the watch. */
  readonly capMs: number;
  readonly checkEveryMs: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** The experiment's current report headline; a throw is logged and retried at the next check. */
  readonly report: (key: string) => Promise<ReportHeadline>;
  readonly stop: (key: string) => Promise<void>;
  /** True once the watch should end early (Ctrl-C): what runs is stopped as at the cap. */
  readonly interrupted?: () => boolean;
  /** Each second of the watch, for a progress bar. */
  readonly onSecond?: (elapsedSeconds: number) => void;
  /** Each report read, and each one that could not be. */
  readonly onReport?: (key: string, headline: ReportHeadline, elapsedMs: number) => void;
  readonly onReportError?: (key: string, message: string) => void;
};

/** Watches `keys` until each is conclusive or the cap; returns how each ended, in `keys` order. */
export async function runUntilConclusive(options: WatchOptions): Promise<WatchedExperiment[]> {
  const startedAt = options.now();
  const elapsed = () => options.now() - startedAt;
  const last = new Map<string, ReportHeadline | null>(options.keys.map((k) => [k, null]));
  const ended = new Map<string, WatchedExperiment>();
  const running = () => options.keys.filter((k) => !ended.has(k));
  let nextCheck = options.checkEveryMs;
  let second = 0;

  while (running().length > 0) {
    if (elapsed() >= options.capMs || options.interrupted?.()) {
      for (const key of running()) {
        await options.stop(key);
        ended.set(key, { key, last: last.get(key)!, stoppedAfterMs: elapsed(), conclusive: false });
      }
      break;
    }
    if (elapsed() >= nextCheck) {
      for (const key of running()) {
        let headline: ReportHeadline;
        try {
          headline = await options.report(key);
        } catch (error) {
          options.onReportError?.(key, errorMessage(error));
          continue;
        }
        last.set(key, headline);
        options.onReport?.(key, headline, elapsed());
        if (isConclusive(headline.conclusion)) {
          await options.stop(key);
          ended.set(key, { key, last: headline, stoppedAfterMs: elapsed(), conclusive: true });
        }
      }
      // Reports cost CPU the system needs: after a slow check, the next waits at least half a period.
      nextCheck = Math.max(nextCheck + options.checkEveryMs, elapsed() + options.checkEveryMs / 2);
      continue;
    }
    // Sleep to the next whole second, the next check or the cap, whichever comes first.
    const target = Math.min((second + 1) * 1000, nextCheck, options.capMs);
    await options.sleep(Math.max(0, target - elapsed()));
    const nowSecond = Math.floor(elapsed() / 1000);
    if (nowSecond > second) {
      second = nowSecond;
      options.onSecond?.(Math.min(second, Math.floor(options.capMs / 1000)));
    }
  }
  return options.keys.map((k) => ended.get(k)!);
}
