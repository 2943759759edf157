/** Structured logs: one JSON object per line on stderr, so stdout stays free for command output. */

export type LogFields = Record<string, unknown>;
export type Logger = {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
};

/** A logger tagging every line with the component name. */
export function createLogger(component: string, write: (line: string) => void = (l) => process.stderr.write(l + "\n")): Logger {
  const emit = (level: string, message: string, fields?: LogFields) =>
    write(JSON.stringify({ time: new Date().toISOString(), level, component, message, ...fields }));
  return {
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
  };
}

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
