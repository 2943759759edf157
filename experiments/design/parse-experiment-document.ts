import { ExperimentDocument } from "./experiment-document.ts";

/** A validated experiment document, or every reason it was refused as `field: message` lines. */
export type ParseExperimentDocumentResult =
  | { readonly ok: true; readonly document: ExperimentDocument }
  | { readonly ok: false; readonly errors: string[] };

/** Validates an untrusted experiment document (a file's parsed JSON); never throws. */
export function parseExperimentDocument(input: unknown): ParseExperimentDocumentResult {
  const result = ExperimentDocument.safeParse(input);
  if (result.success) return { ok: true, document: result.data };
  const errors = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    return `${path === "" ? "(document)" : path}: ${issue.message}`;
  });
  return { ok: false, errors };
}
