/** Which model made an answer: its version, or "fallback" for the router's fallback list. */
import type { RouterAnswer } from "./router-answer.ts";

/** The name fallback answers are reported under (the router's X-Model-Version for them). */
export const FALLBACK = "fallback";

/** The model version of `answer`, or FALLBACK when the router answered from its fallback list. */
export function answerSource(answer: Pick<RouterAnswer, "fallback" | "modelVersion">): string {
  return answer.fallback || answer.modelVersion === null ? FALLBACK : answer.modelVersion;
}
