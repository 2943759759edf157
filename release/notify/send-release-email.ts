/**
 * Sends the release email through Resend, or to the outbox when there is no key or
 * Resend refuses it. `releaseEmailDeps()` is the one place a Resend client is created.
 */
import { Resend } from "resend";
import type { NotifyConfig } from "./config.ts";
import type { ReleaseReport } from "./release-report.ts";
import { writeOutboxEmail } from "./release-outbox.ts";
import { renderReleaseEmail } from "./render-release-email.ts";

/** What the sender needs; built once by `releaseEmailDeps()`, faked parts only in tests. */
export type ReleaseEmailDeps = {
  /** null: no API key configured, so every email goes to the outbox. */
  readonly resend: Resend | null;
  readonly from: string;
  readonly to: readonly string[];
  readonly outboxDir: string;
  readonly now: () => Date;
};

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

/** Where the email went; a failure still names the outbox copy. */
export type ReleaseEmailResult =
  | { readonly status: "sent"; readonly id: string }
  | { readonly status: "outbox"; readonly path: string }
  | { readonly status: "failed"; readonly reason: string; readonly path: string };

/** Renders and delivers the report's email; never throws for a Resend error, only for a failing outbox write. */
export async function sendReleaseEmail(report: ReleaseReport, deps: ReleaseEmailDeps): Promise<ReleaseEmailResult> {
  const email = renderReleaseEmail(report);
  const message = { releaseId: report.releaseId, from: deps.from, to: [...deps.to], ...email };
  if (deps.resend === null) return { status: "outbox", path: await writeOutboxEmail(deps.outboxDir, message, deps.now()) };
  const { data, error } = await deps.resend.emails.send(
    { from: message.from, to: message.to, subject: email.subject, html: email.html, text: email.text },
    // One email per release outcome: a retried send after a lost answer must not mail everyone twice.
    { idempotencyKey: `release-${report.releaseId}-${report.outcome}` },
  );
  if (error === null && data !== null) return { status: "sent", id: data.id };
  const reason = error === null
    ? "Resend answered without an email id"
    : `Resend refused the email: ${error.name} (${error.statusCode ?? "no status"}): ${error.message}`;
  return { status: "failed", reason, path: await writeOutboxEmail(deps.outboxDir, message, deps.now()) };
}
