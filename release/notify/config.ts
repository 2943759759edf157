/** Environment of release notifications: the Resend key, sender, recipients and the outbox used without a key. */
import { z } from "zod";
import { parseEnv } from "../../shared/config/parse-env.ts";

const ADDRESS = /^[^\s@<>,]+@[^\s@<>,]+$/;
const FROM = /^(?:[^<>\n,]+ <[^\s@<>,]+@[^\s@<>,]+>|[^\s@<>,]+@[^\s@<>,]+)$/;

export const NotifyConfig = z.object({
  /** Unset: emails are written to the outbox instead of sent. */
  RESEND_API_KEY: z.string().min(1).optional(),
  /** `releases@example.com` or `Releases <releases@example.com>`. */
  EMAIL_FROM: z.string().regex(FROM, "must be an address or 'Name <address>'"),
  /** Comma-separated addresses; at least one. */
  EMAIL_TO: z
    .string()
    .transform((s) => s.split(",").map((a) => a.trim()).filter((a) => a.length > 0))
    .pipe(z.array(z.string().regex(ADDRESS, "each recipient must be an email address")).min(1)),
  RELEASE_OUTBOX_DIR: z.string().min(1).default(".data/outbox"),
});
export type NotifyConfig = z.infer<typeof NotifyConfig>;

/** Parses the environment; throws naming every bad variable. */
export function loadNotifyConfig(env: Record<string, string | undefined>): NotifyConfig {
  return parseEnv(NotifyConfig, env);
}
