import { z } from "zod";
import { redactUrlCredentials } from "../text/redact-url-credentials.ts";

/**
 * A worker base URL; only http(s), since the router forwards with fetch(), and without
 * credentials (`user:password@`): /status and /metrics show worker URLs, so a password in
 * one would be published. A refused URL is named with its credentials hidden.
 */
export const WorkerUrl = z.url({
  protocol: /^https?$/,
  abort: true, // the credentials check below needs a URL it can parse
  error: (issue) => `${JSON.stringify(redactUrlCredentials(String(issue.input)))} is not an http(s) worker URL`,
}).refine((url) => {
  const parsed = new URL(url);
  return parsed.username === "" && parsed.password === "";
}, {
  error: (issue) =>
    `worker URL ${JSON.stringify(redactUrlCredentials(String(issue.input)))} carries credentials (user:password@): ` +
    "status pages and metrics show worker URLs, so workers are reached without them",
});

const WorkerUrls = z.array(WorkerUrl)
  .min(1, { error: "a pool needs at least one worker URL" })
  .superRefine((urls, ctx) => {
    urls.forEach((url, i) => {
      if (urls.indexOf(url) === i) return;
      ctx.addIssue({
        code: "custom",
        message: `worker URL ${JSON.stringify(redactUrlCredentials(url))} is listed twice`,
      });
    });
  });

/** A named group of workers serving one model version. */
export const Pool = z.strictObject({
  urls: WorkerUrls,
  modelVersion: z.string().min(1, { error: "modelVersion must not be empty" }),
});
export type Pool = z.infer<typeof Pool>;
