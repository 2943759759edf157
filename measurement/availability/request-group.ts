/**
 * What availability is computed from: requests that look the same to the
 * classification, counted together per minute. Both sources (router telemetry and
 * the site's stream lines) are read into this one shape, so one pure classifier
 * judges them; fields a source does not have are false or null.
 */
import { z } from "zod";

export const RequestGroup = z.object({
  /** Start of the request's minute, epoch ms (on the source's own clock). */
  minute: z.number().int(),
  /** HTTP status; 0 in the stream when the client got no answer. */
  status: z.number().int().min(0),
  /** Answered before the site's client timeout (latency below it; measurement/site-timeout.ts). */
  inTime: z.boolean(),
  /** Telemetry: the router answered from its fallback list. Always false in the stream. */
  fallback: z.boolean(),
  fallbackReason: z.string().nullable(),
  /** Stream: the client's error text. Always null in telemetry. */
  error: z.string().nullable(),
  count: z.number().int().min(1),
});
export type RequestGroup = z.infer<typeof RequestGroup>;
