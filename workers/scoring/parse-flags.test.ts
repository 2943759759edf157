import { describe, expect, test } from "bun:test";
import { parseFlags } from "./parse-flags.ts";

describe("parseFlags", () => {
  test("parseFlags() reads every known flag from a JSON object", () => {
    const header = '{"rerank":"mmr","mmrLambda":0.4,"popularityBlend":0.2,"listLength":10}';
    expect(parseFlags(header)).toEqual({ flags: { rerank: "mmr", mmrLambda: 0.4, popularityBlend: 0.2, listLength: 10 }, ignored: [] });
  });

  test("parseFlags() returns no flags for an absent or blank header", () => {
    expect(parseFlags(null)).toEqual({ flags: {}, ignored: [] });
    expect(parseFlags("  ")).toEqual({ flags: {}, ignored: [] });
  });

  test("parseFlags() drops each invalid field and keeps the valid ones", () => {
    const header = '{"rerank":"random","mmrLambda":2,"popularityBlend":0.5,"listLength":21}';
    expect(parseFlags(header)).toEqual({ flags: { popularityBlend: 0.5 }, ignored: ["rerank", "mmrLambda", "listLength"] });
    expect(parseFlags('{"listLength":2.5}')).toEqual({ flags: {}, ignored: ["listLength"] });
    expect(parseFlags('{"listLength":"5"}')).toEqual({ flags: {}, ignored: ["listLength"] });
  });

  test("parseFlags() ignores the whole header when it is not a JSON object", () => {
    for (const header of ["{rerank:mmr}", "[1]", "null", '"mmr"', "{".repeat(5000)]) {
      expect(parseFlags(header)).toEqual({ flags: {}, ignored: ["header"] });
    }
  });

  test("parseFlags() leaves flags meant for other components alone", () => {
    expect(parseFlags('{"routerTimeoutMs":100,"listLength":5}')).toEqual({ flags: { listLength: 5 }, ignored: [] });
  });
});
