/** Wires the release email sender from its configuration: the one place a Resend client is created. */
import { Resend } from "resend";
import type { NotifyConfig } from "./config.ts";
import type { ReleaseEmailDeps } from "./send-release-email.ts";

/** Builds the sender's dependencies; `baseUrl` points the SDK at another API endpoint (tests, a relay). */
export function releaseEmailDeps(config: NotifyConfig, now: () => Date, baseUrl?: string): ReleaseEmailDeps {
  return {
    resend: config.RESEND_API_KEY === undefined ? null : new Resend(config.RESEND_API_KEY, baseUrl === undefined ? undefined : { baseUrl }),
    from: config.EMAIL_FROM,
    to: config.EMAIL_TO,
    outboxDir: config.RELEASE_OUTBOX_DIR,
    now,
  };
}
