/** One user's profile from the site's user API, as a value whatever the API answers. */
import { ApiUserProfile } from "../../shared/users/api-user-profile.ts";
import { errorMessage } from "../../infra/log/logger.ts";

/**
 * What the API said of a user. `unknown` and `malformed` are answers worth recording (asking
 * again soon would get the same); `failed` (network, timeout, other statuses) is not.
 */
export type ProfileAnswer =
  | { kind: "profile"; userId: number; profile: ApiUserProfile }
  | { kind: "unknown" | "malformed" | "failed"; userId: number; reason: string };

/** The longest reason kept, so a large error body cannot bloat the table. */
const MAX_REASON = 300;

const clip = (text: string) => (text.length > MAX_REASON ? `${text.slice(0, MAX_REASON)}…` : text);

/** Asks `GET <baseUrl>/user/<userId>`; never throws. */
export async function fetchUserProfile(
  baseUrl: string,
  userId: number,
  options: { fetch: typeof fetch; timeoutMs: number },
): Promise<ProfileAnswer> {
  const url = `${baseUrl.replace(/\/+$/, "")}/user/${userId}`;
  let response: Response;
  let text: string;
  try {
    response = await options.fetch(url, { signal: AbortSignal.timeout(options.timeoutMs) });
    text = await response.text();
  } catch (error) {
    return { kind: "failed", userId, reason: clip(`GET ${url}: ${errorMessage(error)}`) };
  }
  if (response.status === 404) {
    return { kind: "unknown", userId, reason: "the user API does not know this user (404)" };
  }
  if (!response.ok) {
    return { kind: "failed", userId, reason: clip(`GET ${url}: HTTP ${response.status}`) };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // A 200 that is not JSON is the API misbehaving (an error page), not an answer about the user.
    return { kind: "failed", userId, reason: clip(`answer is not JSON: ${JSON.stringify(text)}`) };
  }
  const parsed = ApiUserProfile.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`);
    return { kind: "malformed", userId, reason: clip(`malformed answer: ${problems.join("; ")}`) };
  }
  if (parsed.data.user_id !== userId) {
    return {
      kind: "malformed",
      userId,
      reason: `malformed answer: user_id ${parsed.data.user_id} is not the user asked for`,
    };
  }
  return { kind: "profile", userId, profile: parsed.data };
}
