/** Parses environment variables with a zod schema, failing with the variable's name and value. */
import type { z } from "zod";

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Validates `env` against `schema`; throws a ConfigError naming every bad variable.
 * An empty value counts as unset (as `VAR=` in a compose file or shell means).
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "(environment)");
    const value = env[name];
    return `${name}=${value === undefined ? "(unset)" : JSON.stringify(value)}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
}
