/** A line as the simulator writes it, with what the platform should make of it. */
import type { RejectionReason } from "../../shared/movielog/rejection.ts";
import type { FaultKind } from "./fault-kind.ts";

export type EmittedLine = {
  readonly line: string;
  /** Kafka key: the user the line belongs to. */
  readonly userId: number;
  /** The fault that produced or moved this line, or null for a clean line. */
  readonly fault: FaultKind | null;
  /** "event" when the line must parse, else the rejection reason the parser must give. */
  readonly expect: "event" | RejectionReason;
};
