/** What differs between two model manifests: hyperparameters, data, code, runtime and metrics. */
import type { ModelManifest } from "../shared/model/manifest.ts";

export type ManifestChange = { readonly field: string; readonly a: unknown; readonly b: unknown };

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, value);
  }
}

const COMPARED = ["algorithm", "rank", "globalMean", "userCount", "snapshot", "code", "runtime", "metrics", "parentVersion"] as const;

/** Field-by-field changes from `a` to `b` (id lists are compared by size, not listed). */
export function diffManifests(a: ModelManifest, b: ModelManifest): ManifestChange[] {
  const left = new Map<string, unknown>();
  const right = new Map<string, unknown>();
  for (const key of COMPARED) {
    flatten(a[key], key, left);
    flatten(b[key], key, right);
  }
  left.set("itemCount", a.itemIds.length);
  right.set("itemCount", b.itemIds.length);
  const fields = [...new Set([...left.keys(), ...right.keys()])].sort();
  return fields
    .filter((f) => JSON.stringify(left.get(f)) !== JSON.stringify(right.get(f)))
    .map((field) => ({ field, a: left.get(field), b: right.get(field) }));
}
