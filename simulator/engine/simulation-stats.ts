/** What a simulation run did, and how close the served lists came to the oracle's. */

/** One user's requests and conversions. */
export type UserConversion = { requests: number; conversions: number };

/** Counters of a run; conversion sums divide by `requests` in conversionSummary. */
export type SimulationStats = {
  /** Recommendation requests answered or failed (invalid probes excluded). */
  requests: number;
  /** Requests answered with status 200. */
  answered: number;
  /** Requests that started a recommended movie. */
  conversions: number;
  /** Watches started without a recommendation. */
  organicWatches: number;
  /** Arrivals dropped because every user drawn was busy watching. */
  skipped: number;
  shillRatings: number;
  invalidRequests: number;
  /** Sum over requests of the served list's conversion probability (failures: 0). */
  expectedConversionSum: number;
  /** Sum over requests of the oracle list's conversion probability (when oracle scoring is on). */
  oracleConversionSum: number;
  perUser: Map<number, UserConversion>;
};

/** Stats of a run that has not started. */
export function emptyStats(): SimulationStats {
  return {
    requests: 0, answered: 0, conversions: 0, organicWatches: 0, skipped: 0, shillRatings: 0,
    invalidRequests: 0, expectedConversionSum: 0, oracleConversionSum: 0, perUser: new Map(),
  };
}

/** Rates of a run: observed, expected for the served lists, and the oracle ceiling. */
export function conversionSummary(stats: SimulationStats) {
  const per = (n: number) => (stats.requests === 0 ? 0 : n / stats.requests);
  return {
    requests: stats.requests,
    conversionRate: per(stats.conversions),
    expectedConversion: per(stats.expectedConversionSum),
    oracleConversion: per(stats.oracleConversionSum),
  };
}
