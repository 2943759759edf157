/**
 * Line-level fault injection between the behaviour and the stream. It has its own
 * random generator, so switching these faults on leaves the clean lines as they
 * were; at most one fault fires per line. Held-back (out-of-order) lines come out
 * after 20–200 further lines, or at `flush`. A hostile line comes just before its
 * clean line, under the same key: the clean line is the sentinel that must still
 * be stored behind it.
 */
import type { MovielogEvent } from "../../shared/movielog/events.ts";
import { formatLine } from "../../shared/movielog/format-line.ts";
import type { Random } from "../../shared/random/mulberry32.ts";
import { drawInt } from "../world/random-draws.ts";
import { driftLine, malformedLine, truncateLine } from "./broken-lines.ts";
import type { EmittedLine } from "./emitted-line.ts";
import type { FaultKind } from "./fault-kind.ts";
import type { FaultRates } from "./fault-rates.ts";
import { hostileLine } from "./hostile-lines.ts";

/** Turns events into lines, faults applied; it keeps state for replays and held-back lines. */
export type LineFaultInjector = {
  /** The lines to write for `event`, in order. */
  push(event: MovielogEvent): EmittedLine[];
  /** Lines still held back, at the end of a run. */
  flush(): EmittedLine[];
};

/** An injector for the switched-on faults in `faults`; hostile lines list movies of `movieIds`. */
export function createLineFaultInjector(
  random: Random,
  faults: ReadonlySet<FaultKind>,
  rates: FaultRates,
  movieIds: readonly string[] = [],
): LineFaultInjector {
  const table: [FaultKind, number][] = ([
    ["malformed", rates.malformed],
    ["truncated", rates.truncated],
    ["duplicates", rates.duplicates],
    ["replays", rates.replays],
    ["out-of-order", rates.outOfOrder],
    ["schema-drift", rates.schemaDrift],
    ["hostile", rates.hostile],
  ] as [FaultKind, number][]).filter(([kind]) => faults.has(kind));
  const catalogue = [...new Set(movieIds)];
  const recent: EmittedLine[] = [];
  let held: { line: EmittedLine; after: number }[] = [];

  const pick = (): FaultKind | null => {
    if (table.length === 0) return null;
    let draw = random();
    for (const [kind, rate] of table) {
      if (draw < rate) return kind;
      draw -= rate;
    }
    return null;
  };

  return {
    push(event) {
      const clean: EmittedLine = { line: formatLine(event), userId: event.userId, fault: null, expect: "event" };
      const out: EmittedLine[] = [];
      const fault = pick();
      switch (fault) {
        case "malformed":
          out.push(clean, { ...malformedLine(random, event), userId: event.userId, fault });
          break;
        case "truncated":
          out.push({ ...truncateLine(random, clean.line), userId: event.userId, fault });
          break;
        case "schema-drift":
          out.push({ ...driftLine(random, clean.line), userId: event.userId, fault });
          break;
        case "hostile":
          out.push({ ...hostileLine(random, { event, line: clean.line, catalogue }), userId: event.userId, fault }, clean);
          break;
        case "duplicates":
          out.push(clean, { ...clean, fault });
          break;
        case "replays":
          out.push(clean, ...recent.map((l) => ({ ...l, fault })));
          break;
        case "out-of-order":
          held.push({ line: { ...clean, fault }, after: drawInt(random, 20, 200) });
          break;
        default:
          out.push(clean);
      }
      if (fault !== "out-of-order" && fault !== "truncated" && fault !== "schema-drift") {
        recent.push(clean);
        if (recent.length > rates.replayLength) recent.shift();
      }
      if (held.length > 0) {
        for (const h of held) h.after -= 1;
        out.push(...held.filter((h) => h.after <= 0).map((h) => h.line));
        held = held.filter((h) => h.after > 0);
      }
      return out;
    },
    flush() {
      const rest = held.map((h) => h.line);
      held = [];
      return rest;
    },
  };
}
