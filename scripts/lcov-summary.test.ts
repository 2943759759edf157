import { describe, expect, test } from "bun:test";
import { relativizeLcov, summarizeLcov } from "./lcov-summary.ts";

const bun = ["SF:shared/a.ts", "DA:1,1", "DA:2,0", "DA:3,0", "end_of_record", "SF:infra/b.ts", "DA:1,0", "end_of_record", ""].join("\n");
const deno = ["SF:/repo/shared/a.ts", "DA:2,4", "DA:3,0", "end_of_record", "SF:/repo/router/c.ts", "DA:1,2", "DA:2,2", "end_of_record", ""].join("\n");

describe("summarizeLcov()", () => {
  test("summarizeLcov() counts a line covered when any report ran it, each file once", () => {
    expect(summarizeLcov([bun, deno], "/repo")).toEqual({ files: 3, lines: 6, covered: 4 });
  });

  test("summarizeLcov() of no reports is nothing covered of nothing", () => {
    expect(summarizeLcov([], "/repo")).toEqual({ files: 0, lines: 0, covered: 0 });
  });

  test("summarizeLcov() ignores line records outside a file and malformed ones", () => {
    expect(summarizeLcov(["DA:1,1\nSF:a.ts\nDA:x,1\nDA:2,1\nend_of_record\nDA:3,1"], "/repo")).toEqual({ files: 1, lines: 1, covered: 1 });
  });
});

describe("relativizeLcov()", () => {
  test("relativizeLcov() cuts the root from absolute source paths only", () => {
    expect(relativizeLcov("SF:/repo/router/c.ts\nDA:1,2\nSF:/elsewhere/d.ts\nSF:/repository/e.ts", "/repo")).toBe(
      "SF:router/c.ts\nDA:1,2\nSF:/elsewhere/d.ts\nSF:/repository/e.ts",
    );
  });
});
