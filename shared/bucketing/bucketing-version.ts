/**
 * The name of the whole assignment procedure: hash v2 for variants and route buckets,
 * hash v1 for namespaces, GrowthBook's range layout and weight fallback. Recorded with
 * assignments so they can be reproduced; any change of behaviour is a new version and
 * the old one stays available.
 */
export const BUCKETING_VERSION = "growthbook-fnv1a-1";
