/**
 * A column read as JSON text: queries send arrays and objects back as `::text` (the
 * embedded database mishandles the driver's arrays), so the reader parses the text and
 * validates what it holds; text that is not JSON is an issue of the row, not a crash.
 */
import { z } from "zod";

/** JSON text parsed, then validated by `schema`. */
export const jsonText = <T extends z.ZodType>(schema: T) =>
  z.string().transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: `not JSON: ${text.slice(0, 80)}` });
      return z.NEVER;
    }
  }).pipe(schema);
