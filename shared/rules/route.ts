import { z } from "zod";
import { Fraction } from "./fraction.ts";
import { Interleave } from "./interleave.ts";
import { Name } from "./name.ts";
import { UserSelector } from "./user-selector.ts";

/** What `resolveRequest()` reports as the route when no route matched; no route may take it. */
export const DEFAULT_ROUTE = "default";

/** Users whose hash(salt, userId, 2) lies in [from, to): a sticky slice of all users. */
export const BucketMatch = z.strictObject({ salt: z.string().min(1), from: Fraction, to: Fraction })
  .superRefine((bucket, ctx) => {
    if (bucket.from >= bucket.to) {
      ctx.addIssue({
        code: "custom",
        message: `from (${bucket.from}) must be below to (${bucket.to}): the range is [from, to)`,
      });
    }
  });
export type BucketMatch = z.infer<typeof BucketMatch>;

/** A request header with an exact value; the name is compared case-insensitively, as HTTP does. */
export const HeaderMatch = z.strictObject({
  name: z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, {
    error: (i) => `${JSON.stringify(i.input)} is not a header name`,
  }),
  value: z.string(),
});
export type HeaderMatch = z.infer<typeof HeaderMatch>;

/** Conditions a request must all meet; an empty match matches every request. */
export const RouteMatch = UserSelector.extend({
  bucket: BucketMatch.optional(),
  header: HeaderMatch.optional(),
});
export type RouteMatch = z.infer<typeof RouteMatch>;

/**
 * Sends matching requests to a pool, or with `interleave` to two pools merged by team
 * draft (the route's `pool` is then one of the two). Routes are tried in order; the first
 * match wins.
 */
export const Route = z.strictObject({
  name: Name.refine((name) => name !== DEFAULT_ROUTE, {
    error: `route name "${DEFAULT_ROUTE}" is reserved for requests no route matches`,
  }),
  match: RouteMatch,
  pool: Name,
  interleave: Interleave.optional(),
});
export type Route = z.infer<typeof Route>;
