/**
 * A user as the site's user API (`GET /user/<id>`) describes one; extra fields are ignored.
 * Gender is kept as sent (the simulator only sends "M" or "F"); consumers decide what to do
 * with other values. Every field is bounded to fit its user_profiles column, so an answer
 * that passes can always be stored: the API is an outside party, and one body the database
 * refuses used to fail its whole batch on every run.
 */
import { z } from "zod";

/** The largest int4: user_profiles.user_id, like every user id of the event store, is one. */
const MAX_INT4 = 2_147_483_647;

/**
 * The longest label kept, in code points (as zod counts them). The API's longest occupation
 * is 22; 100 leaves room for new ones while keeping the router's in-memory profile map small.
 */
export const MAX_LABEL_LENGTH = 100;

/**
 * Characters a label may not hold: U+0000 (Postgres text and jsonb refuse it), the other
 * control characters (no label needs one, and they garble logs and reports), and lone
 * surrogates (no UTF-8 for them, so Postgres refuses them too).
 */
const UNSTORABLE_CHARACTER = /[\p{Cc}\p{Cs}]/u;

const Label = z.string().min(1).max(MAX_LABEL_LENGTH).refine(
  (text) => !UNSTORABLE_CHARACTER.test(text),
  { error: "must not contain control characters (U+0000 included) or lone surrogates" },
);

export const ApiUserProfile = z.object({
  user_id: z.number().int().min(0).max(MAX_INT4),
  age: z.number().int().min(0).max(130),
  occupation: Label,
  gender: Label,
});
export type ApiUserProfile = z.infer<typeof ApiUserProfile>;

/** A body read as the profile of one user: the profile, or what is wrong with the body. */
export type ApiUserProfileReading =
  | { readonly ok: true; readonly profile: ApiUserProfile }
  | { readonly ok: false; readonly problem: string };

/**
 * Reads `body` as the profile of user `askedId`; never throws. The problem names fields and
 * bounds but never quotes the body, so it can be stored as a reason whatever the body held.
 */
export function readApiUserProfile(body: unknown, askedId: number): ApiUserProfileReading {
  const parsed = ApiUserProfile.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`);
    return { ok: false, problem: problems.join("; ") };
  }
  if (parsed.data.user_id !== askedId) {
    return { ok: false, problem: `user_id ${parsed.data.user_id} is not the user asked for` };
  }
  return { ok: true, profile: parsed.data };
}
