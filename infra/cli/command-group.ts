/**
 * Commands with subcommands (`bun run experiment create|start|…`, `bun run report
 * <name>`): the first argument picks the subcommand and the rest are its own, read by
 * the harness against its own spec (./command.ts). `<group> <sub> --help` is the
 * subcommand's help; `<group> --help` lists them all. A group may also run a command
 * of its own when the first argument names no subcommand (`bun run release --model v`
 * beside a later `bun run release replay`).
 */
import process from "node:process";
import type { z } from "zod";
import { type CommandArgs, type CommandContext, commandFlagShape, type CommandSpec, type RunResult, runCommand } from "./command.ts";
import { exitCode } from "./exit-codes.ts";
import { formatHelp } from "./format-help.ts";

/** One command as its group sees it: what the group's help shows of it, and how to run it. */
export type Subcommand = {
  /** One sentence, listed under `commands:`. */
  readonly summary: string;
  /** Its usage forms after its name (`<file.json> [--json]`). */
  readonly usage: readonly string[];
  /** Its flags, shared ones included, listed when it is the group's own command. */
  readonly flags: z.ZodRawShape;
  /** Runs it on the arguments after its name; resolves to the exit code, or null while it runs on. */
  readonly run: (argv: readonly string[]) => Promise<number | null>;
};

/** A subcommand from a harness spec and its body, as `runCommand` runs one. */
export function subcommand<F extends z.ZodRawShape, P extends z.ZodType<unknown, string[]>>(
  spec: CommandSpec<F, P>,
  run: (args: CommandArgs<F, P>, context: CommandContext) => Promise<RunResult> | RunResult,
  onError?: (error: unknown) => void,
): Subcommand {
  const general = spec as unknown as CommandSpec<z.ZodRawShape, z.ZodType<unknown, string[]>>;
  return {
    summary: spec.summary,
    usage: spec.usage,
    flags: commandFlagShape(general, Date.now()),
    run: (argv) => runCommand(spec, run, argv, onError),
  };
}

/** A command made of subcommands, optionally with a command of its own. */
export type CommandGroup = {
  /** As an operator types it: `bun run experiment`. */
  readonly name: string;
  readonly summary: string;
  /** By name, in the order the help lists them. */
  readonly subcommands: Readonly<Record<string, Subcommand>>;
  /** Runs when the first argument names no subcommand; absent, that is a usage error. */
  readonly own?: Subcommand;
  readonly examples: readonly string[];
  /** More help: exit codes, environment. */
  readonly notes?: readonly string[];
};

/** The group's help: every usage form, its own flags, the subcommands, notes and examples; `short` gives the usage lines only. */
export function formatGroupHelp(group: CommandGroup, options: { short?: boolean } = {}): string {
  const named = Object.entries(group.subcommands);
  const usage = [
    ...(group.own?.usage ?? []),
    ...named.flatMap(([name, sub]) => sub.usage.map((form) => (form ? `${name} ${form}` : name))),
  ];
  const commands = named.map(([name, sub]) => [name, sub.summary] as const);
  const notes = [...(group.notes ?? []), ...(named.length ? [`\`${group.name} <command> --help\` shows a command's own flags.`] : [])];
  return formatHelp({ ...group, usage, notes }, group.own?.flags ?? {}, { ...options, commands });
}

/** Runs the subcommand `argv` names (or the group's own command); resolves to the exit code, null while it runs on. */
export async function runGroup(group: CommandGroup, argv: readonly string[]): Promise<number | null> {
  const [first, ...rest] = argv;
  if (first !== undefined && Object.hasOwn(group.subcommands, first)) return await group.subcommands[first].run(rest);
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(formatGroupHelp(group));
    return exitCode("ok");
  }
  if (group.own) return await group.own.run(argv);
  const problem = first === undefined ? "no command given" : `unknown command ${JSON.stringify(first)}`;
  console.error(`${problem}\n${formatGroupHelp(group, { short: true })}`);
  return exitCode("usage");
}

/** Runs a group as this process: the exit code ends the process (a long-running command goes on). */
export async function runGroupMain(group: CommandGroup): Promise<void> {
  const code = await runGroup(group, process.argv.slice(2));
  if (code !== null) process.exit(code);
}
