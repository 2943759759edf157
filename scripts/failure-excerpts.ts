/**
 * What a failed step said about its failures, cut out of its whole output so the
 * suite can repeat it last: a CI log is often read from its tail, and a test runner
 * prints a failure's error above the line that names the test, hundreds of lines
 * before the summary. Pure: output in, excerpts out.
 */

/** A test result line of bun:test: `(pass) name [1.2ms]`, `(fail) …`, `(skip) …`, `(todo) …`. */
const BUN_RESULT = /^\((pass|fail|skip|todo)\) /;
/** A file header of bun:test: the test file's path and a colon. */
const BUN_FILE = /^\S+\.(?:test|spec)\.[cm]?[jt]sx?:$/;
const BUN_UNHANDLED = /^# Unhandled error between tests$/;
const BUN_UNHANDLED_END = /^-{10,}$/;
/** The summary that closes bun:test's output, which names the failed tests again without their errors. */
const BUN_SUMMARY = /^\d+ tests? failed:$/;

/** The lines kept of one failure: its error's end, where the assertion or the message is. */
const LINES_PER_FAILURE = 40;

/** Strips terminal colour codes, which a runner may print even into a pipe. */
function plain(line: string): string {
  // deno-lint-ignore no-control-regex
  return line.replace(/\u001b\[[0-9;]*m/g, "");
}

/**
 * Each failed bun:test test, as its file, the lines its runner printed for it (the error,
 * cut to its last LINES_PER_FAILURE lines) and its `(fail)` line; and each unhandled error
 * between tests, whole up to the same bound.
 */
export function bunFailureExcerpts(output: string): string[] {
  const lines = output.split("\n").map(plain);
  const excerpts: string[] = [];
  let file = "";
  let blockStart = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (BUN_SUMMARY.test(line)) break;
    if (BUN_FILE.test(line)) {
      file = line.slice(0, -1);
      blockStart = i + 1;
    } else if (BUN_UNHANDLED.test(line)) {
      const ends = lines.findIndex((l, j) => j > i + 1 && BUN_UNHANDLED_END.test(l));
      const end = ends === -1 ? lines.length - 1 : ends;
      excerpts.push([`${file}: an unhandled error between tests`, ...lastLines(lines.slice(i + 1, end + 1))].join("\n"));
      i = end;
      blockStart = end + 1;
    } else if (BUN_RESULT.test(line)) {
      // A timeout's note follows its (fail) line.
      const note = lines[i + 1]?.trimStart().startsWith("^ ") ? [lines[i + 1]] : [];
      if (line.startsWith("(fail) ")) excerpts.push([`${file}:`, ...lastLines(lines.slice(blockStart, i)), line, ...note].join("\n"));
      i += note.length;
      blockStart = i + 1;
    }
  }
  return excerpts;
}

/** The last lines of a step that has no per-test structure (a typecheck, a lint, a crash). */
export function tailExcerpt(output: string, lines = LINES_PER_FAILURE): string {
  return lastLines(output.trimEnd().split("\n").map(plain), lines).join("\n");
}

function lastLines(lines: string[], count = LINES_PER_FAILURE): string[] {
  const firstText = lines.findIndex((l) => l.trim() !== "");
  const trimmed = firstText === -1 ? [] : lines.slice(firstText);
  if (trimmed.length <= count) return trimmed;
  return [`… (${trimmed.length - count} lines above)`, ...trimmed.slice(-count)];
}
