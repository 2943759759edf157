import { describe, expect, test } from "bun:test";
import { escapeXml, prefixJUnitClassnames, stepJUnit } from "./junit.ts";

describe("stepJUnit()", () => {
  test("stepJUnit() reports a passed step as one passed test case", () => {
    expect(stepJUnit({ name: "lint", ok: true, seconds: 1.5, output: "ignored when passed" })).toBe([
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<testsuites name="npm test" tests="1" failures="0" time="1.500">',
      '  <testsuite name="lint" tests="1" failures="0" time="1.500">',
      '    <testcase name="lint" classname="checks.lint" time="1.500"></testcase>',
      "  </testsuite>",
      "</testsuites>",
      "",
    ].join("\n"));
  });

  test("stepJUnit() fails the test case of a failed step with its output, escaped", () => {
    const xml = stepJUnit({ name: "typecheck", ok: false, seconds: 2, output: 'a.ts(1,2): error TS2322: Type "x" <is> & not\u0007 y' });
    expect(xml).toContain('failures="1"');
    expect(xml).toContain(
      '<failure message="typecheck failed">a.ts(1,2): error TS2322: Type &quot;x&quot; &lt;is&gt; &amp; not y</failure>',
    );
  });

  test("stepJUnit() keeps the end of a long output, where the errors are", () => {
    const xml = stepJUnit({ name: "lint", ok: false, seconds: 0, output: `${"x".repeat(100_000)}the last error` });
    expect(xml).toContain("…xxx");
    expect(xml).toContain("the last error</failure>");
    expect(xml.length).toBeLessThan(70 * 1024);
  });
});

describe("escapeXml()", () => {
  test("escapeXml() drops control characters and lone surrogates XML cannot hold, and keeps pairs", () => {
    expect(escapeXml("a\u0000b\u001bc\td\ne\uD800f\uDC00g\uD83D\uDE00")).toBe("abc\td\nefg\uD83D\uDE00");
  });
});

describe("prefixJUnitClassnames()", () => {
  test("prefixJUnitClassnames() prefixes every test case's class and nothing else", () => {
    const xml = '<testsuite name="a.test.ts"><testcase name="x" classname="parseEnv()" /><testcase classname="" name="y"/></testsuite>';
    expect(prefixJUnitClassnames(xml, "embedded-db")).toBe(
      '<testsuite name="a.test.ts"><testcase name="x" classname="embedded-db.parseEnv()" /><testcase classname="embedded-db." name="y"/></testsuite>',
    );
  });
});
