/**
 * Deterministic, sticky bucketing compatible with GrowthBook's published SDK hashing.
 * The exported functions are an operator contract: their results are pinned by cases.json.
 */
export { BUCKETING_VERSION } from "./bucketing-version.ts";
export { hash } from "./hash.ts";
export { type BucketRange, getBucketRanges } from "./get-bucket-ranges.ts";
export { chooseVariation } from "./choose-variation.ts";
export { inNamespace, type Namespace } from "./in-namespace.ts";
