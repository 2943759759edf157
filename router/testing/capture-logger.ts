/** A Logger that keeps its lines, for asserting what a component logged. */
import type { LogFields, Logger } from "../../infra/log/logger.ts";

export type CapturedLine = { level: string; message: string; fields?: LogFields };

/** A logger and the lines it received, in order. */
export function captureLogger(): Logger & { lines: CapturedLine[] } {
  const lines: CapturedLine[] = [];
  const at = (level: string) => (message: string, fields?: LogFields) =>
    void lines.push({ level, message, fields });
  return { lines, info: at("info"), warn: at("warn"), error: at("error") };
}
