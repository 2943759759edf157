/**
 * Whether offline evaluation and online behaviour order the model versions the
 * same way: offline by nDCG, online by conversion per list. Only versions with
 * both figures take part; with fewer than two there is nothing to compare.
 */

/** One version's two figures (either may be missing). */
export type RankedVersion = { readonly version: string; readonly offline: number | null; readonly online: number | null };

export type RankAgreement = {
  /** Versions with both figures, in the order compared. */
  readonly compared: string[];
  /** Best first by each measure (ties keep the version order). */
  readonly offlineOrder: string[];
  readonly onlineOrder: string[];
  /** Same order for every pair (a tie only matches a tie); null with fewer than two versions. */
  readonly agree: boolean | null;
  readonly statement: string;
};

const sign = (x: number) => (x > 0 ? 1 : x < 0 ? -1 : 0);

/** "a > b = c": the order, with ties shown as ties. */
function orderText<T extends { version: string }>(sorted: readonly T[], value: (v: T) => number): string {
  return sorted.map((v, i) => (i === 0 ? v.version : `${value(sorted[i - 1]) === value(v) ? "=" : ">"} ${v.version}`)).join(" ");
}

/** Compares the offline and online order of `versions`. */
export function rankAgreement(versions: readonly RankedVersion[]): RankAgreement {
  const both = versions.filter((v): v is RankedVersion & { offline: number; online: number } => v.offline !== null && v.online !== null);
  const compared = both.map((v) => v.version);
  const byOffline = [...both].sort((a, b) => b.offline - a.offline);
  const byOnline = [...both].sort((a, b) => b.online - a.online);
  const offlineOrder = byOffline.map((v) => v.version);
  const onlineOrder = byOnline.map((v) => v.version);
  if (both.length < 2) {
    const left = versions.filter((v) => !compared.includes(v.version)).map((v) => v.version);
    const why = left.length === 0 ? "" : ` (missing one or the other: ${left.join(", ")})`;
    return { compared, offlineOrder, onlineOrder, agree: null, statement: `Fewer than two model versions have both offline nDCG and judged lists${why}: no ranking to compare.` };
  }
  let agree = true;
  for (let i = 0; i < both.length; i++) {
    for (let j = i + 1; j < both.length; j++) {
      if (sign(both[i].offline - both[j].offline) !== sign(both[i].online - both[j].online)) agree = false;
    }
  }
  const statement = agree
    ? `Offline (nDCG) and online (conversion per list) rank the ${both.length} versions the same way: ${orderText(byOffline, (v) => v.offline)}.`
    : `Offline and online rank the versions differently: by nDCG ${orderText(byOffline, (v) => v.offline)}, by conversion per list ${orderText(byOnline, (v) => v.online)}.`;
  return { compared, offlineOrder, onlineOrder, agree, statement };
}
