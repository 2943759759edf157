import { z } from "zod";

/** A worker base URL; only http(s), since the router forwards with fetch(). */
export const WorkerUrl = z.url({
  protocol: /^https?$/,
  error: (issue) => `${JSON.stringify(issue.input)} is not an http(s) worker URL`,
});

const WorkerUrls = z.array(WorkerUrl)
  .min(1, { error: "a pool needs at least one worker URL" })
  .superRefine((urls, ctx) => {
    urls.forEach((url, i) => {
      if (urls.indexOf(url) === i) return;
      ctx.addIssue({
        code: "custom",
        message: `worker URL ${JSON.stringify(url)} is listed twice`,
      });
    });
  });

/** A named group of workers serving one model version. */
export const Pool = z.strictObject({
  urls: WorkerUrls,
  modelVersion: z.string().min(1, { error: "modelVersion must not be empty" }),
});
export type Pool = z.infer<typeof Pool>;
