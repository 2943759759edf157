import { describe, expect, test } from "bun:test";
import { parseDatasetSource } from "./dataset-source.ts";
import { parseFolds } from "./parse-folds.ts";
import { readArgs } from "../../infra/cli/command.ts";
import { trainCommand, trainFlagsFrom } from "./train-flags.ts";

/** The whole command line as `bun run train` reads it: the harness, then the flags that go together. */
function parseTrainFlags(argv: string[], now = Date.now()) {
  const read = readArgs(trainCommand, argv, now);
  if (read.kind !== "args") throw new Error(read.text);
  return trainFlagsFrom(read.args, now);
}

describe("train's command line (trainCommand, trainFlagsFrom())", () => {
  test("train's command line reads the machine-readable mode and hyperparameters", () => {
    const flags = parseTrainFlags(["--dataset", "movielens:data/ml", "--folds", "1,3", "--json", "--rank", "16", "--inject", "nan"]);
    expect(flags.dataset).toEqual({ kind: "movielens", dir: "data/ml" });
    expect(flags.folds).toEqual({ folds: [1, 3], count: 5 });
    expect(flags.json).toBe(true);
    expect(flags.topK).toBe(20);
    expect(flags.als.rank).toBe(16);
    expect(flags.als.inject).toBe("nan");
    expect(flags.als.iterations).toBe(15);
  });

  test("train's command line defaults MovieLens folds to the blend and mirrors --model into the ALS config", () => {
    const base = ["--dataset", "movielens:x", "--folds", "5"];
    const blend = parseTrainFlags(base);
    expect(blend.model).toBe("explicit-knn-blend");
    expect(blend.als.model).toBe("explicit");
    expect(blend.blend).toEqual({ secondaryRank: 8, neighbours: 40, shrinkage: 100, validationFolds: 10, ridge: 1 });
    expect(parseTrainFlags([...base, "--model", "implicit"]).als.model).toBe("implicit");
    expect(parseTrainFlags([...base, "--model", "explicit"]).model).toBe("explicit");
    expect(parseTrainFlags([...base, "--knn-neighbours", "20", "--blend-rank", "4"]).blend).toMatchObject({ neighbours: 20, secondaryRank: 4 });
    expect(() => parseTrainFlags([...base, "--model", "svd"])).toThrow('Invalid flag --model: expected explicit, implicit or explicit-knn-blend, got "svd"');
    expect(() => parseTrainFlags([...base, "--knn-neighbours", "0"])).toThrow("Invalid flag --knn-neighbours");
  });

  test("train's command line fails with the flag's name on a bad value", () => {
    const base = ["--dataset", "movielens:x", "--folds", "5"];
    expect(() => parseTrainFlags([...base, "--rank", "abc"])).toThrow('Invalid flag --rank: expected a number, got "abc"');
    expect(() => parseTrainFlags([...base, "--rank", "0"])).toThrow("Invalid flag --rank");
    expect(() => parseTrainFlags([...base, "--cg-steps", "2.5"])).toThrow("Invalid flag --cg-steps");
    expect(() => parseTrainFlags([...base, "--inject", "fire"])).toThrow("Invalid flag --inject");
    expect(() => parseTrainFlags([...base, "--top-k", "0"])).toThrow("Invalid flag --top-k");
    expect(() => parseTrainFlags(["--folds", "5"])).toThrow("Invalid flag --folds: folds come from MovieLens");
    expect(() => parseTrainFlags(["--dataset", "movielens:x"])).toThrow("Missing flag --folds");
    expect(() => parseTrainFlags(["--cutoff", "yesterday"])).toThrow('Invalid flag --cutoff: expected an ISO time, got "yesterday"');
    expect(() => parseTrainFlags(["--tolerance", "2"])).toThrow("Invalid flag --tolerance");
    expect(() => parseTrainFlags([...base, "--colour", "red"])).toThrow("--colour");
  });

  test("train's command line without --folds is a production run on the event store", () => {
    const flags = parseTrainFlags(["--cutoff", "2023-03-01T00:00:00Z", "--json"]);
    expect(flags.dataset).toEqual({ kind: "events" });
    expect(flags.folds).toBeNull();
    expect(flags.cutoff).toBe(Date.UTC(2023, 2, 1));
    expect(flags.tolerance).toBe(0.02);
    expect([flags.als.lambda, flags.als.alpha, flags.als.rank]).toEqual([30, 1, 32]);
    expect(parseTrainFlags(["--lambda", "7"]).als.lambda).toBe(7);
    expect(parseTrainFlags(["--dataset", "snapshot:snap-0123456789abcdef0123"]).dataset).toEqual({ kind: "snapshot", id: "snap-0123456789abcdef0123" });
  });

  test("parseFolds() reads a count or a list", () => {
    expect(parseFolds("3")).toEqual({ folds: [1, 2, 3], count: 3 });
    expect(parseFolds("1")).toEqual({ folds: [1], count: 5 });
    expect(parseFolds("2,4")).toEqual({ folds: [2, 4], count: 5 });
    expect(parseFolds("1,7")).toEqual({ folds: [1, 7], count: 7 });
    expect(typeof parseFolds("0")).toBe("string");
    expect(typeof parseFolds("1,1")).toBe("string");
    expect(typeof parseFolds("a")).toBe("string");
  });

  test("parseDatasetSource() knows the three kinds and rejects others", () => {
    expect(parseDatasetSource("movielog:/x.log")).toEqual({ kind: "movielog", file: "/x.log" });
    expect(parseDatasetSource("snapshot:ab12")).toEqual({ kind: "snapshot", id: "ab12" });
    expect(parseDatasetSource("kafka:x")).toContain("unknown dataset kind");
    expect(parseDatasetSource("movielens")).toContain("expected <kind>:<location>");
  });
});

test("train's command line reads --cutoff as a duration from now as well as an ISO time", () => {
  const now = Date.UTC(2024, 5, 2);
  expect(parseTrainFlags(["--cutoff=-24h"], now).cutoff).toBe(Date.UTC(2024, 5, 1));
  expect(parseTrainFlags(["--cutoff", "2024-06-01T00:00:00Z"], now).cutoff).toBe(Date.UTC(2024, 5, 1));
});
