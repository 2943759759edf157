/** An in-memory RulesSource for tests: set the stored document, break the "database", notify. */
import type { RulesSource } from "../rules-holder.ts";

export type FakeRulesSource = RulesSource & {
  document: unknown;
  down: boolean;
  reads: number;
  notify(): void;
};

/** A source storing `document`; `down` makes every read throw as an unreachable database would. */
export function fakeRulesSource(document: unknown): FakeRulesSource {
  const listeners = new Set<() => void>();
  const source: FakeRulesSource = {
    document,
    down: false,
    reads: 0,
    read() {
      source.reads += 1;
      if (source.down) return Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5432"));
      return Promise.resolve(structuredClone(source.document));
    },
    readVersion() {
      if (source.down) return Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5432"));
      return Promise.resolve((source.document as { version: number } | null)?.version ?? 0);
    },
    listen(onChange) {
      listeners.add(onChange);
      return Promise.resolve(() => Promise.resolve(void listeners.delete(onChange)));
    },
    notify: () => listeners.forEach((l) => l()),
  };
  return source;
}
