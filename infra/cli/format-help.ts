/** The help text of a command, from its spec and flag schema: usage, flags, subcommands, notes, examples. */
import type { z } from "zod";

type HelpSpec = {
  readonly name: string;
  readonly summary: string;
  readonly usage: readonly string[];
  readonly examples: readonly string[];
  readonly notes?: readonly string[];
};

/** Two columns: a name padded to the widest, then its text. */
function listed(rows: readonly (readonly [name: string, text: string | undefined])[]): string[] {
  const width = Math.max(0, ...rows.map(([name]) => name.length)) + 4;
  return rows.map(([name, text]) => `  ${name.padEnd(width)}${text ?? ""}`.trimEnd());
}

/**
 * Full help for `--help`; `short` gives only the usage lines, shown under a usage error.
 * `commands` lists a command group's subcommands by name with their summaries.
 */
export function formatHelp(
  spec: HelpSpec,
  flags: z.ZodRawShape,
  options: { short?: boolean; commands?: readonly (readonly [name: string, summary: string])[] } = {},
): string {
  const usage = spec.usage.map((form, i) => `${i === 0 ? "usage:" : "      "} ${spec.name}${form ? ` ${form}` : ""}`);
  if (options.short) return usage.join("\n");
  const described = Object.entries(flags).map(([name, schema]) => [`--${name}`, (schema as z.ZodType).description] as const);
  const commands = options.commands ?? [];
  return [
    ...usage,
    "",
    spec.summary,
    ...(described.length ? ["", "flags:", ...listed(described)] : []),
    ...(commands.length ? ["", "commands:", ...listed(commands)] : []),
    ...(spec.notes?.length ? ["", ...spec.notes] : []),
    "",
    "example:",
    ...spec.examples.map((line) => `  ${line}`),
  ].join("\n");
}
