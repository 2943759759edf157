/**
 * The environment a supervised child starts with: the launcher's own, plus what the
 * launcher sets (endpoints, ports, keys). When the launcher's output is not a terminal
 * (a log file, a pipe, a container), the children are told not to colour theirs:
 * NO_COLOR is honoured by Bun, Deno and most tools, and FORCE_COLOR, which would win
 * over it, is dropped.
 */

/** `base` with `set` over it, colour off unless `colour`; unset values are left out. */
export function childEnvironment(
  base: Record<string, string | undefined>,
  options: { readonly colour: boolean; readonly set: Record<string, string> },
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) if (value !== undefined) env[name] = value;
  Object.assign(env, options.set);
  if (!options.colour) {
    env.NO_COLOR = "1";
    delete env.FORCE_COLOR;
  }
  return env;
}
