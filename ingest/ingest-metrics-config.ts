/** Environment fields of ingestion's metrics; IngestConfig (config.ts) extends itself with them. */
import { z } from "zod";
import { DEFAULT_CONVERSION_WINDOW_MS } from "../shared/telemetry/conversion-window.ts";


export const IngestMetricsEnv = z.object({
  /** Address GET /metrics listens on; `npm start` keeps it on 127.0.0.1. */
  INGEST_METRICS_HOST: z.string().min(1).default("0.0.0.0"),
  /** A recommended movie started within this stream time after a list is a conversion. */
  INGEST_CONVERSION_WINDOW_MS: z.coerce.number().int().min(1000).max(24 * 3_600_000).default(DEFAULT_CONVERSION_WINDOW_MS),
});
export type IngestMetricsEnv = z.infer<typeof IngestMetricsEnv>;
