/** Environment of `bun run report online`: the database, the stream's topic and the conversion window. */
import { z } from "zod";
import { DatabaseEnv, KafkaEnv } from "../../shared/config/env-fields.ts";
import { DEFAULT_CONVERSION_WINDOW_MS } from "../../shared/telemetry/conversion-window.ts";

export const OnlineEnv = DatabaseEnv.extend({
  /** The movielog topic: its ingested watermark is the stream's clock (end of what can be judged). */
  KAFKA_TOPIC: KafkaEnv.shape.KAFKA_TOPIC,
  /** A recommended movie started within this stream time after the list converts it (the release supervisor's default). */
  ONLINE_CONVERSION_WINDOW_MS: z.coerce.number().int().min(1000).default(DEFAULT_CONVERSION_WINDOW_MS),
});
export type OnlineEnv = z.infer<typeof OnlineEnv>;
