/** A line as the simulator writes it, with what the platform should make of it. */
import type { RejectionReason } from "../../shared/movielog/rejection.ts";
import type { FaultKind } from "./fault-kind.ts";

export type EmittedLine = {
  readonly line: string;
  /** Kafka key: the user the line belongs to. */
  readonly userId: number;
  /** The fault that produced or moved this line, or null for a clean line. */
  readonly fault: FaultKind | null;
  /**
   * "event" when the line must be stored, else the reason it must be quarantined with: the
   * parser's, or for `future_time` and `past_time` that of ingestion's default event-time bounds.
   */
  readonly expect: "event" | RejectionReason;
};
