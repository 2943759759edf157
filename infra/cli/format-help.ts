/** The help text of a command, from its spec and flag schema: usage, flags, notes, examples. */
import type { z } from "zod";

type HelpSpec = {
  readonly name: string;
  readonly summary: string;
  readonly usage: readonly string[];
  readonly examples: readonly string[];
  readonly notes?: readonly string[];
};

/** Full help for `--help`; `short` gives only the usage lines, shown under a usage error. */
export function formatHelp(spec: HelpSpec, flags: z.ZodRawShape, options: { short?: boolean } = {}): string {
  const usage = spec.usage.map((form, i) => `${i === 0 ? "usage:" : "      "} ${spec.name}${form ? ` ${form}` : ""}`);
  if (options.short) return usage.join("\n");
  const described = Object.entries(flags).map(([name, schema]) => [name, (schema as z.ZodType).description] as const);
  const width = Math.max(0, ...described.map(([name]) => name.length)) + 4;
  return [
    ...usage,
    "",
    spec.summary,
    ...(described.length ? ["", "flags:", ...described.map(([name, text]) => `  --${name.padEnd(width)}${text ?? ""}`.trimEnd())] : []),
    ...(spec.notes?.length ? ["", ...spec.notes] : []),
    "",
    "example:",
    ...spec.examples.map((line) => `  ${line}`),
  ].join("\n");
}
