/** The `--scenarios` filter and the run seeds both certification benchmarks share. */

/**
 * The scenarios `list` names (comma-separated, in the benchmark's own order), or all when
 * absent; an unknown name is a usage error that lists the known ones.
 */
export function selectScenarios<S extends { readonly name: string }>(
  all: readonly S[],
  list: string | undefined,
): { ok: true; scenarios: S[] } | { ok: false; message: string } {
  if (list === undefined) return { ok: true, scenarios: [...all] };
  const names = list.split(",").map((n) => n.trim()).filter((n) => n.length > 0);
  const unknown = names.filter((n) => !all.some((s) => s.name === n));
  if (unknown.length > 0 || names.length === 0) {
    const known = all.map((s) => s.name).join(", ");
    return { ok: false, message: `--scenarios: unknown scenario ${JSON.stringify(unknown[0] ?? list)}; known: ${known}` };
  }
  return { ok: true, scenarios: all.filter((s) => names.includes(s.name)) };
}

/**
 * The seed of run `i`: the same for every scenario, so scenarios are compared on common
 * random numbers (the same users, arms and draws where their traffic agrees).
 */
export function runSeed(base: number, i: number): number {
  return (Math.imul(base, 0x9e3779b1) + i) >>> 0;
}
