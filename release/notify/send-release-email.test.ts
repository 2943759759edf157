import { afterEach, expect, test } from "bun:test";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../tests/support/free-port.ts";
import { loadNotifyConfig } from "./config.ts";
import { renderReleaseEmail } from "./render-release-email.ts";
import { sampleReleaseReport } from "./sample-release-report.ts";
import { OutboxEmail } from "./release-outbox.ts";
import { releaseEmailDeps, sendReleaseEmail } from "./send-release-email.ts";

type Seen = { method: string; path: string; headers: Headers; body: unknown };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const at = new Date("2025-03-01T10:35:00.000Z");
const report = sampleReleaseReport();
const email = renderReleaseEmail(report);

async function outboxDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "release-outbox-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A local stand-in for the Resend API that records each request and answers with `answer`. */
async function fakeResendApi(answer: () => Response): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = Bun.serve({
    port: await freePort(),
    hostname: "127.0.0.1",
    fetch: async (req) => {
      seen.push({ method: req.method, path: new URL(req.url).pathname, headers: req.headers, body: await req.json() });
      return answer();
    },
  });
  cleanups.push(() => server.stop(true));
  return { url: `http://127.0.0.1:${server.port}`, seen };
}

function deps(dir: string, key: string | undefined, baseUrl?: string) {
  const config = loadNotifyConfig({
    RESEND_API_KEY: key,
    EMAIL_FROM: "Releases <rel@example.com>",
    EMAIL_TO: "a@example.com,b@example.com",
    RELEASE_OUTBOX_DIR: dir,
  });
  return releaseEmailDeps(config, () => at, baseUrl);
}

async function readOutbox(path: string): Promise<OutboxEmail> {
  return OutboxEmail.parse(JSON.parse(await readFile(path, "utf8")));
}

test("sendReleaseEmail() without a key writes <outbox>/<timestamp>-<release>.json and returns its path", async () => {
  const dir = await outboxDir();
  const result = await sendReleaseEmail(report, deps(dir, undefined));
  const path = join(dir, "2025-03-01T10-35-00.000Z-rel-0042.json");
  expect(result).toEqual({ status: "outbox", path });
  expect(await readOutbox(path)).toEqual({
    format: 1,
    releaseId: "rel-0042",
    from: "Releases <rel@example.com>",
    to: ["a@example.com", "b@example.com"],
    ...email,
  });
});

test("sendReleaseEmail() posts the email through the real resend SDK with the key as bearer token", async () => {
  const dir = await outboxDir();
  const api = await fakeResendApi(() => Response.json({ id: "email-123" }));
  const result = await sendReleaseEmail(report, deps(dir, "re_test_key", api.url));
  expect(result).toEqual({ status: "sent", id: "email-123" });
  expect(api.seen.length).toBe(1);
  const [request] = api.seen;
  expect(request.method).toBe("POST");
  expect(request.path).toBe("/emails");
  expect(request.headers.get("authorization")).toBe("Bearer re_test_key");
  expect(request.headers.get("idempotency-key")).toBe("release-rel-0042-rolled_back");
  expect(request.body).toEqual({
    from: "Releases <rel@example.com>",
    to: ["a@example.com", "b@example.com"],
    subject: "[release] Model als-v43 rolled back at canary 20% (rel-0042)",
    html: email.html,
    text: email.text,
  });
  expect(await readdir(dir)).toEqual([]);
});

test("sendReleaseEmail() returns a 4xx refusal as a value with its reason and keeps an outbox copy", async () => {
  const dir = await outboxDir();
  const api = await fakeResendApi(() =>
    Response.json({ statusCode: 422, name: "validation_error", message: "Invalid `from` field." }, { status: 422 })
  );
  const result = await sendReleaseEmail(report, deps(dir, "re_test_key", api.url));
  const path = join(dir, "2025-03-01T10-35-00.000Z-rel-0042.json");
  expect(result).toEqual({
    status: "failed",
    reason: "Resend refused the email: validation_error (422): Invalid `from` field.",
    path,
  });
  expect((await readOutbox(path)).subject).toBe(email.subject);
});

test("sendReleaseEmail() returns a 5xx answer without JSON as a value and keeps an outbox copy", async () => {
  const dir = await outboxDir();
  const api = await fakeResendApi(() => new Response("upstream down", { status: 503 }));
  const result = await sendReleaseEmail(report, deps(dir, "re_test_key", api.url));
  const path = join(dir, "2025-03-01T10-35-00.000Z-rel-0042.json");
  expect(result).toEqual({
    status: "failed",
    reason: "Resend refused the email: application_error (503): Internal server error. We are unable to process your request right now, please try again later.",
    path,
  });
  expect((await readOutbox(path)).html).toBe(email.html);
});
