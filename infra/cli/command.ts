/**
 * The command harness: every entry point declares its flags once, as a zod schema,
 * and gets `--help` (usage and an example, exit 0), one-line usage errors (exit 2),
 * `--json`, the shared time flags, and exit codes from typed outcomes
 * (./exit-codes.ts). Runtime-neutral (node:util and zod only), so the Deno router
 * uses it as the Bun commands do.
 */
import process from "node:process";
import { parseArgs } from "node:util";
import { z } from "zod";
import { CommandError, exitCode, type Outcome } from "./exit-codes.ts";
import { formatHelp } from "./format-help.ts";
import { parseTime, TIME_FORMS } from "./parse-time.ts";

/** The shared time flags a command may take. */
export type TimeFlag = "from" | "to" | "cutoff";

/** What an entry point declares: its name, usage, flags (one zod object keyed by flag name) and positionals. */
export type CommandSpec<F extends z.ZodRawShape, P extends z.ZodType<unknown, string[]>> = {
  /** As an operator types it: `bun run models`. */
  readonly name: string;
  /** One sentence: what the command does. */
  readonly summary: string;
  /** The usage forms, without `usage: ` or the name (`list | show <version>`). */
  readonly usage: readonly string[];
  /** At least one full command line that works. */
  readonly examples: readonly string[];
  /** Flags by name as typed (`"from-file"`); `.describe()` gives their help line. */
  readonly flags: F;
  /** The positionals, as an array schema; none when absent. */
  readonly positionals?: P;
  /** Adds the shared `--json` flag: one JSON object on stdout, progress on stderr. */
  readonly json?: boolean;
  /** Adds the shared time flags (epoch ms once parsed). */
  readonly time?: readonly TimeFlag[];
  /** More help: exit codes, environment. */
  readonly notes?: readonly string[];
  /**
   * How this command words a bad flag (`flag` is `--rank`), where its operators' scripts
   * already read another wording; default `--rank: <message>` or `--rank must …`.
   */
  readonly flagIssue?: (flag: string, message: string) => string;
};

type TimeShape = { [K in TimeFlag]: z.ZodOptional<z.ZodType<number, string>> };

/** The declared flags' values (none: zod types an empty object as a record of `never`, which would swallow `json`). */
type FlagValues<F extends z.ZodRawShape> = [keyof F] extends [never] ? Record<never, never> : z.infer<z.ZodObject<F>>;

/** The parsed command line: the declared flags, `json`, the time flags and the positionals. */
export type CommandArgs<F extends z.ZodRawShape, P extends z.ZodType<unknown, string[]>> =
  & FlagValues<F>
  & { readonly json: boolean; readonly positionals: z.infer<P> }
  & Partial<Record<TimeFlag, number>>;

/** The result of reading a command line: the arguments, or help or a usage error to print. */
export type ReadArgs<A> =
  | { readonly kind: "args"; readonly args: A }
  | { readonly kind: "help"; readonly text: string }
  | { readonly kind: "usage"; readonly text: string };

/** A flag `--<name>` that takes a time; what `time` in a spec adds. */
export function timeFlag(now: number): z.ZodType<number, string> {
  return z.string().transform((text, ctx) => {
    const ms = parseTime(text, now);
    if (ms === null) {
      ctx.addIssue({ code: "custom", message: `must be ${TIME_FORMS}: current value is ${JSON.stringify(text)}` });
      return z.NEVER;
    }
    return ms;
  });
}

/** The full flag schema of `spec`: its own flags with the shared ones it asked for. */
export function commandFlagShape(spec: CommandSpec<z.ZodRawShape, z.ZodType<unknown, string[]>>, now: number): z.ZodRawShape {
  const shape: Record<string, z.core.$ZodType> = { ...spec.flags };
  if (spec.json) shape.json = z.boolean().default(false).describe("one JSON object on stdout; progress goes to stderr");
  for (const flag of spec.time ?? []) shape[flag] = timeFlag(now).optional().describe(TIME_FORMS);
  return shape;
}

/** Whether `schema` is a boolean flag (after optional/default wrappers). */
export function isBooleanFlag(schema: z.ZodType): boolean {
  let current = schema as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } } };
  for (;;) {
    const def = current._zod.def;
    if (def.type === "boolean") return true;
    const inner = def.innerType ?? (def.type === "pipe" ? def.in : undefined);
    if (!inner) return false;
    current = inner as unknown as typeof current;
  }
}

/** One line per zod issue, naming the flag (`--limit`) or the positional; `flagIssue` rewords a flag's. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], flagIssue?: CommandSpec<z.ZodRawShape, z.ZodType<unknown, string[]>>["flagIssue"]): string {
  return issues.map((issue) => {
    const [head, ...rest] = issue.path;
    if (head === "positionals" && rest.length === 0) return issue.message;
    const where = head === "positionals" ? `argument ${Number(rest[0]) + 1}` : `--${String(head)}`;
    if (flagIssue && head !== "positionals") return flagIssue(where, issue.message);
    return issue.message.startsWith("must ") ? `${where} ${issue.message}` : `${where}: ${issue.message}`;
  }).join("; ");
}

/**
 * A usage error found after the flags parsed (flags that go together, a value checked
 * against another): the message with the command's usage under it, exit 2, as a bad flag.
 */
export function usageError(spec: Pick<CommandSpec<z.ZodRawShape, z.ZodType<unknown, string[]>>, "name" | "summary" | "usage" | "examples">, message: string): CommandError {
  return new CommandError("usage", `${message}\n${formatHelp(spec, {}, { short: true })}`);
}

// `--from -24h`: node:util refuses a value that starts with a dash unless it is joined with `=`.
function joinDashedValues(argv: readonly string[], strings: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith("--") ? argv[i].slice(2) : null;
    if (name !== null && strings.has(name) && /^[+-]\d/.test(argv[i + 1] ?? "")) out.push(`${argv[i]}=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

/**
 * Positionals of exactly one argument, read as that string: `missing` is the message
 * when it is absent (`show needs an experiment key`); a second one is named as unexpected.
 */
export function oneArgument(missing: string): z.ZodType<string, string[]> {
  return z.array(z.string()).superRefine((args, ctx) => {
    if (args.length === 0) ctx.addIssue({ code: "custom", message: missing });
    else if (args.length > 1) ctx.addIssue({ code: "custom", message: `unexpected argument ${JSON.stringify(args[1])}` });
  }).transform(([arg]) => arg);
}

/** Reads `argv` (without the runtime and script) against `spec`; never throws for bad input. */
export function readArgs<F extends z.ZodRawShape, P extends z.ZodType<unknown, string[]>>(
  spec: CommandSpec<F, P>,
  argv: readonly string[],
  now = Date.now(),
): ReadArgs<CommandArgs<F, P>> {
  const general = spec as unknown as CommandSpec<z.ZodRawShape, z.ZodType<unknown, string[]>>;
  const shape = commandFlagShape(general, now);
  if (argv.includes("--help") || argv.includes("-h")) return { kind: "help", text: formatHelp(general, shape) };
  const booleans = new Set(Object.keys(shape).filter((k) => isBooleanFlag(shape[k] as z.ZodType)));
  const strings = new Set(Object.keys(shape).filter((k) => !booleans.has(k)));
  const options = Object.fromEntries(Object.keys(shape).map((k) => [k, { type: booleans.has(k) ? "boolean" : "string" }] as const));
  const usage = (message: string) => ({ kind: "usage", text: `${message}\n${formatHelp(general, shape, { short: true })}` } as const);
  let parsed;
  try {
    parsed = parseArgs({ args: joinDashedValues(argv, strings), options, allowPositionals: true, strict: true });
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
  const positionals = general.positionals ?? z.array(z.string()).max(0, "this command takes no arguments");
  const result = z.object({ ...shape, positionals }).safeParse({ ...parsed.values, positionals: parsed.positionals });
  if (!result.success) return usage(formatIssues(result.error.issues, general.flagIssue));
  // `json` is false for a command without the flag, so a run body can always read it.
  return { kind: "args", args: { json: false, ...result.data } as CommandArgs<F, P> };
}

/**
 * For top-level scripts: the arguments of this process, or help (exit 0) or a usage
 * error (exit 2) printed and the process ended.
 */
export function readProcessArgs<F extends z.ZodRawShape, P extends z.ZodType<unknown, string[]>>(
  spec: CommandSpec<F, P>,
  argv: readonly string[] = process.argv.slice(2),
): CommandArgs<F, P> {
  const read = readArgs(spec, argv);
  if (read.kind === "args") return read.args;
  if (read.kind === "help") console.log(read.text);
  else console.error(read.text);
  return process.exit(exitCode(read.kind === "help" ? "ok" : "usage"));
}

/** What a running command gets besides its arguments. */
export type CommandContext = {
  /** Prints `value` as one JSON line with `--json`, else `human`. */
  readonly print: (value: unknown, human: string) => void;
  /** A progress line: stderr with `--json` (stdout stays one object), else stdout. */
  readonly say: (line: string) => void;
};

/** What `run` resolves to: an outcome, or `running` for a process that goes on (a server). */
export type RunResult = Outcome | "running";

/**
 * Runs a command: reads `argv`, calls `run`, maps its outcome (or a thrown CommandError)
 * to the exit code; resolves to null while a long-running process goes on.
 * An unexpected error goes to `onError` (default: one line on stderr) and gives 1.
 */
export async function runCommand<F extends z.ZodRawShape, P extends z.ZodType<unknown, string[]>>(
  spec: CommandSpec<F, P>,
  run: (args: CommandArgs<F, P>, context: CommandContext) => Promise<RunResult> | RunResult,
  argv: readonly string[],
  onError: (error: unknown) => void = (error) => console.error(`${spec.name}: ${error instanceof Error ? error.message : String(error)}`),
): Promise<number | null> {
  const read = readArgs(spec, argv);
  if (read.kind === "help") {
    console.log(read.text);
    return exitCode("ok");
  }
  if (read.kind === "usage") {
    console.error(read.text);
    return exitCode("usage");
  }
  const json = read.args.json;
  const context: CommandContext = {
    print: (value, human) => console.log(json ? JSON.stringify(value) : human),
    say: (line) => (json ? console.error(line) : console.log(line)),
  };
  try {
    const result = await run(read.args, context);
    return result === "running" ? null : exitCode(result);
  } catch (error) {
    if (error instanceof CommandError) {
      console.error(error.message);
      return exitCode(error.outcome);
    }
    onError(error);
    return exitCode("error");
  }
}

/** Runs a command as this process: its exit code ends the process (a long-running one goes on). */
export async function runMain<F extends z.ZodRawShape, P extends z.ZodType<unknown, string[]>>(
  spec: CommandSpec<F, P>,
  run: (args: CommandArgs<F, P>, context: CommandContext) => Promise<RunResult> | RunResult,
  onError?: (error: unknown) => void,
): Promise<void> {
  const code = await runCommand(spec, run, process.argv.slice(2), onError);
  if (code !== null) process.exit(code);
}

export { CommandError };
export type { Outcome };

/** Zod issues of a document (a policy, a flag group) on one line: `path: message; …`. */
export function formatPathIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
}
