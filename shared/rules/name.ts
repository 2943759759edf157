import { z } from "zod";

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const RULE = "use 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit";

/**
 * The name of a pool, route, experiment, variant, namespace or flag. Names travel in
 * HTTP headers (X-Variant), telemetry and SQL, so they stay plain: 1–64 letters,
 * digits, '.', '_' or '-', starting with a letter or digit.
 */
export const Name = z.string().regex(NAME, {
  error: (issue) => `${JSON.stringify(issue.input)} is not a valid name: ${RULE}`,
});
export type Name = z.infer<typeof Name>;
