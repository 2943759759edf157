import { WEIGHT_SUM_MAX, WEIGHT_SUM_MIN } from "../bucketing/get-bucket-ranges.ts";
import type { Experiment } from "./experiment.ts";
import type { Interleave } from "./interleave.ts";
import type { Pool } from "./pool.ts";
import type { Route } from "./route.ts";

type Path = (string | number)[];

/** A problem that spans fields of a rules document, with the path of the field to fix. */
export type RuleSetIssue = { path: Path; message: string };

type Document = {
  pools: Record<string, Pool>;
  routes: Route[];
  defaultPool: string;
  experiments: Experiment[];
};

const q = (s: string) => JSON.stringify(s);
const slice = (ns: [string, number, number]) => `[${ns[1]}, ${ns[2]})`;

/** An issue for every name already used by an earlier item, at the later item's path. */
function duplicates(names: string[], what: string, path: (i: number) => Path): RuleSetIssue[] {
  return names.flatMap((name, i) => {
    const first = names.indexOf(name);
    if (first === i) return [];
    return [{
      path: path(i),
      message: `${what} ${q(name)} is used twice (first at index ${first})`,
    }];
  });
}

/** Running experiments must not share users in a namespace, nor a seed (same hash, correlated variants). */
function collisions(a: Experiment, b: Experiment, i: number): RuleSetIssue[] {
  const pair = `running experiments ${q(a.key)} and ${q(b.key)}`;
  const issues: RuleSetIssue[] = [];
  const [na, nb] = [a.namespace, b.namespace];
  if (na && nb && na[0] === nb[0] && na[1] < nb[2] && nb[1] < na[2]) {
    const message = `${pair} overlap in namespace ${q(na[0])}: ${slice(na)} and ${slice(nb)}`;
    issues.push({ path: ["experiments", i, "namespace"], message });
  }
  if (a.seed === b.seed) {
    const message = `${pair} share seed ${q(a.seed)}, which correlates their variants`;
    issues.push({ path: ["experiments", i, "seed"], message });
  }
  return issues;
}

/**
 * The problems of a route's or variant's `interleave`: both pools must exist, and a
 * `pool` given beside it must be one of the two, since it names the request's answers.
 */
function interleaveIssues(
  owner: { pool?: string; interleave?: Interleave },
  at: string,
  path: Path,
  poolProblem: (pool: string) => string | null,
): RuleSetIssue[] {
  const pair = owner.interleave;
  if (!pair) return [];
  const issues: RuleSetIssue[] = [];
  for (const team of ["a", "b"] as const) {
    const problem = poolProblem(pair[team]);
    if (problem) issues.push({ path: [...path, "interleave", team], message: `${at}: interleave ${team}: ${problem}` });
  }
  if (owner.pool !== undefined && owner.pool !== pair.a && owner.pool !== pair.b) {
    const message = `${at}: pool ${q(owner.pool)} is neither interleaved pool (${q(pair.a)}, ${q(pair.b)}); ` +
      "beside interleave, pool names which of the two the answers count as";
    issues.push({ path: [...path, "pool"], message });
  }
  return issues;
}

function experimentIssues(
  exp: Experiment,
  i: number,
  poolProblem: (pool: string) => string | null,
): RuleSetIssue[] {
  const at = `experiment ${q(exp.key)}`;
  const keys = exp.variants.map((v) => v.key);
  const issues = duplicates(
    keys,
    `${at}: variant key`,
    (j) => ["experiments", i, "variants", j, "key"],
  );
  exp.variants.forEach((variant, j) => {
    const path = ["experiments", i, "variants", j];
    issues.push(...interleaveIssues(variant, `${at}, variant ${q(variant.key)}`, path, poolProblem));
    const problem = variant.pool === undefined ? null : poolProblem(variant.pool);
    if (!problem) return;
    const message = `${at}, variant ${q(variant.key)}: ${problem}`;
    issues.push({ path: [...path, "pool"], message });
  });
  const sum = Number(exp.variants.reduce((total, v) => total + v.weight, 0).toFixed(6));
  // The bucketing's own tolerance: outside it, getBucketRanges would silently use equal weights.
  if (sum < WEIGHT_SUM_MIN || sum > WEIGHT_SUM_MAX) {
    const range = `${WEIGHT_SUM_MIN}–${WEIGHT_SUM_MAX}`;
    const message = `${at}: variant weights sum to ${sum}; they must sum to 1 (${range})`;
    issues.push({ path: ["experiments", i, "variants"], message });
  }
  return issues;
}

/**
 * The cross-field problems of a rules document whose fields are each valid: references
 * to missing pools (interleaved ones included), duplicate names, weights that do not sum to 1, and running
 * experiments that would collide in a namespace or share a seed.
 */
export function ruleSetIssues(doc: Document): RuleSetIssue[] {
  const known = Object.keys(doc.pools).sort().map(q).join(", ");
  const poolProblem = (pool: string) =>
    Object.hasOwn(doc.pools, pool) ? null : `pool ${q(pool)} is not in pools (${known})`;
  const issues: RuleSetIssue[] = [];

  const defaultProblem = poolProblem(doc.defaultPool);
  if (defaultProblem) issues.push({ path: ["defaultPool"], message: defaultProblem });
  const routeNames = doc.routes.map((r) => r.name);
  issues.push(...duplicates(routeNames, "route name", (i) => ["routes", i, "name"]));
  doc.routes.forEach((route, i) => {
    const problem = poolProblem(route.pool);
    if (problem) {
      issues.push({ path: ["routes", i, "pool"], message: `route ${q(route.name)}: ${problem}` });
    }
    issues.push(...interleaveIssues(route, `route ${q(route.name)}`, ["routes", i], poolProblem));
  });

  const keys = doc.experiments.map((e) => e.key);
  issues.push(...duplicates(keys, "experiment key", (i) => ["experiments", i, "key"]));
  doc.experiments.forEach((exp, i) => issues.push(...experimentIssues(exp, i, poolProblem)));
  const running = doc.experiments.flatMap((
    exp,
    i,
  ) => (exp.status === "running" ? [{ exp, i }] : []));
  running.forEach(({ exp, i }, n) => {
    for (const earlier of running.slice(0, n)) issues.push(...collisions(earlier.exp, exp, i));
  });
  return issues;
}
