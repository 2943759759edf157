import type { Experiment } from "./experiment.ts";
import type { Pool } from "./pool.ts";
import type { Route } from "./route.ts";
import type { RuleSet } from "./rule-set.ts";

/** One readable difference between two rules documents, for the admin API and CLI. */
export type RuleChange = {
  change: "added" | "removed" | "changed" | "reordered";
  section: "pools" | "defaultPool" | "routes" | "experiments";
  /** The pool, route or experiment concerned; null for a change to the section as a whole. */
  name: string | null;
  detail: string;
};

type Section = RuleChange["section"];

const show = (value: unknown) => (value === undefined ? "(none)" : JSON.stringify(value));

/** JSON with sorted keys, so documents that differ only in key order compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    const record = value as Record<string, unknown>;
    const fields = keys.filter((k) => record[k] !== undefined);
    return `{${fields.map((k) => `${JSON.stringify(k)}:${canonical(record[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function diffNamed<T extends object>(
  section: Section,
  label: string,
  before: Map<string, T>,
  after: Map<string, T>,
  summary: (item: T) => string,
): RuleChange[] {
  const changes: RuleChange[] = [];
  for (const name of before.keys()) {
    if (!after.has(name)) {
      changes.push({ change: "removed", section, name, detail: `${label} ${show(name)} removed` });
    }
  }
  for (const [name, item] of after) {
    const old = before.get(name);
    if (!old) {
      changes.push({
        change: "added",
        section,
        name,
        detail: `${label} ${show(name)} added: ${summary(item)}`,
      });
      continue;
    }
    const [a, b] = [old as Record<string, unknown>, item as Record<string, unknown>];
    for (const field of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (canonical(a[field]) === canonical(b[field])) continue;
      const detail = `${label} ${show(name)} ${field}: ${show(a[field])} → ${show(b[field])}`;
      changes.push({ change: "changed", section, name, detail });
    }
  }
  return changes;
}

/** Order matters for routes (first match wins) and experiments (first pool wins). */
function diffOrder(
  section: Section,
  label: string,
  before: string[],
  after: string[],
): RuleChange[] {
  const a = before.filter((name) => after.includes(name));
  const b = after.filter((name) => before.includes(name));
  if (a.join("\n") === b.join("\n")) return [];
  return [{
    change: "reordered",
    section,
    name: null,
    detail: `${label} order: ${a.join(", ")} → ${b.join(", ")}`,
  }];
}

const poolSummary = (p: Pool) =>
  `modelVersion ${show(p.modelVersion)}, ${p.urls.length} worker URL(s)`;
const routeSummary = (r: Route) => `match ${show(r.match)} → pool ${show(r.pool)}`;
const experimentSummary = (e: Experiment) => {
  const variants = e.variants.map((v) => `${v.key} ${v.weight}`).join(" / ");
  return `${e.status}, coverage ${e.coverage}, variants ${variants}`;
};

/**
 * What changed from rules `a` to rules `b`: pools, the default pool, routes and
 * experiments added, removed, changed field by field, or reordered. The stored `version`
 * is ignored: it differs between any two stored documents.
 */
export function diffRuleSets(a: RuleSet, b: RuleSet): RuleChange[] {
  const pools = (rules: RuleSet) => new Map(Object.entries(rules.pools));
  const changes = diffNamed("pools", "pool", pools(a), pools(b), poolSummary);
  if (a.defaultPool !== b.defaultPool) {
    const detail = `defaultPool: ${show(a.defaultPool)} → ${show(b.defaultPool)}`;
    changes.push({ change: "changed", section: "defaultPool", name: null, detail });
  }
  const routes = (rules: RuleSet) => new Map(rules.routes.map((r) => [r.name, r]));
  changes.push(...diffNamed("routes", "route", routes(a), routes(b), routeSummary));
  const routeNames = (rules: RuleSet) => rules.routes.map((r) => r.name);
  changes.push(...diffOrder("routes", "route", routeNames(a), routeNames(b)));
  const experiments = (rules: RuleSet) => new Map(rules.experiments.map((e) => [e.key, e]));
  const [before, after] = [experiments(a), experiments(b)];
  changes.push(...diffNamed("experiments", "experiment", before, after, experimentSummary));
  changes.push(...diffOrder("experiments", "experiment", [...before.keys()], [...after.keys()]));
  return changes;
}
