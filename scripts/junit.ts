/**
 * JUnit XML for the steps of the test suite (scripts/test.ts) that are not test runners
 * (typecheck, deno check, lint, the import check), so that a CI test report lists them
 * beside the Bun and Deno results: one test case per step, failed with the step's output.
 */

/** The most of a failed step's output kept in its report: the end, where the errors are. */
const MAX_OUTPUT = 64 * 1024;

/** `text` with XML's special characters escaped, and the characters XML 1.0 cannot hold dropped. */
export function escapeXml(text: string): string {
  return text
    // deno-lint-ignore no-control-regex -- exactly the control characters XML 1.0 forbids
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** A JUnit report of one suite step: one test case, failed when the step's exit code was not 0. */
export function stepJUnit(step: { name: string; ok: boolean; seconds: number; output: string }): string {
  const name = escapeXml(step.name);
  const time = step.seconds.toFixed(3);
  const output = step.output.length > MAX_OUTPUT ? `…${step.output.slice(-MAX_OUTPUT)}` : step.output;
  const body = step.ok
    ? ""
    : `\n      <failure message="${name} failed">${escapeXml(output)}</failure>\n    `;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="npm test" tests="1" failures="${step.ok ? 0 : 1}" time="${time}">`,
    `  <testsuite name="${name}" tests="1" failures="${step.ok ? 0 : 1}" time="${time}">`,
    `    <testcase name="${name}" classname="checks.${name}" time="${time}">${body}</testcase>`,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}

/**
 * `xml` (a runner's JUnit report) with every test case's class prefixed by `prefix` and a
 * dot, so a second run of the same tests (the embedded-database pass) reads as a package of
 * its own instead of as duplicates of the first.
 */
export function prefixJUnitClassnames(xml: string, prefix: string): string {
  return xml.replace(/(<testcase\b[^>]*?\bclassname=")/g, `$1${escapeXml(prefix)}.`);
}
