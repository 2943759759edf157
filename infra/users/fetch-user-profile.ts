/** One user's profile from the site's user API, as a value whatever the API answers. */
import { type ApiUserProfile, readApiUserProfile } from "../../shared/users/api-user-profile.ts";
import { errorMessage } from "../log/logger.ts";
import { type CappedBody, readCappedBody } from "./read-capped-body.ts";

/**
 * What the API said of a user. `unknown` and `malformed` (out of bounds, or over the size cap)
 * are answers worth recording (asking again soon would get the same); `failed` (network,
 * timeout, other statuses, a 200 that is not JSON) is not.
 */
export type ProfileAnswer =
  | { kind: "profile"; userId: number; profile: ApiUserProfile }
  | { kind: "unknown" | "malformed" | "failed"; userId: number; reason: string };

/**
 * The largest answer read. A profile is under 100 bytes; anything near this is not one, and
 * reading it whole would let one answer exhaust the job's memory.
 */
export const MAX_BODY_BYTES = 64 * 1024;

/** The longest reason kept, so a large error body cannot bloat the table. */
const MAX_REASON = 300;

/** `text` cut to MAX_REASON, never between the halves of a surrogate pair (a lone one cannot be stored). */
function clip(text: string): string {
  if (text.length <= MAX_REASON) return text;
  const end = /[\uD800-\uDBFF]/.test(text[MAX_REASON - 1]) ? MAX_REASON - 1 : MAX_REASON;
  return `${text.slice(0, end)}…`;
}

/** Asks `GET <baseUrl>/user/<userId>`, reading at most `maxBodyBytes` of the answer; never throws. */
export async function fetchUserProfile(
  baseUrl: string,
  userId: number,
  options: { fetch: typeof fetch; timeoutMs: number; maxBodyBytes?: number },
): Promise<ProfileAnswer> {
  const url = `${baseUrl.replace(/\/+$/, "")}/user/${userId}`;
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  let response: Response;
  let body: CappedBody;
  try {
    response = await options.fetch(url, { signal: AbortSignal.timeout(options.timeoutMs) });
    // Read (up to the cap) whatever the status, so a small error body leaves the connection reusable.
    body = await readCappedBody(response, maxBodyBytes);
  } catch (error) {
    // The path only: the reason lands in reports, which must not carry the API's address.
    return { kind: "failed", userId, reason: clip(`GET /user/${userId}: ${errorMessage(error).replaceAll(url, `/user/${userId}`)}`) };
  }
  if (response.status === 404) {
    return { kind: "unknown", userId, reason: "the user API does not know this user (404)" };
  }
  if (!response.ok) {
    return { kind: "failed", userId, reason: clip(`GET /user/${userId}: HTTP ${response.status}`) };
  }
  if (body.kind === "too_large") {
    return { kind: "malformed", userId, reason: `body_too_large: the answer is over ${maxBodyBytes} bytes` };
  }
  let json: unknown;
  try {
    json = JSON.parse(body.text);
  } catch {
    // A 200 that is not JSON is the API misbehaving (an error page), not an answer about the user.
    const start = JSON.stringify(body.text.slice(0, MAX_REASON));
    return { kind: "failed", userId, reason: clip(`answer is not JSON: ${start}`) };
  }
  const reading = readApiUserProfile(json, userId);
  if (!reading.ok) {
    return { kind: "malformed", userId, reason: clip(`malformed answer: ${reading.problem}`) };
  }
  return { kind: "profile", userId, profile: reading.profile };
}
