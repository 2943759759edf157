/**
 * Parses environment variables with a zod schema, failing with the variable's name and
 * value, the value shown as shared/config/show-config-value.ts allows: never a secret.
 */
import type { z } from "zod";
import { hideValueIn, showConfigValue } from "./show-config-value.ts";

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
    return `${name}=${showConfigValue(name, value)}: ${hideValueIn(issue.message, name, value)}`;
  });
  throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
}
