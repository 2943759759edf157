/** Experiment designs shared by the report tests. */
import type { ExperimentReportInput } from "../experiment-report-input.ts";
import { ExperimentReportInput as Input } from "../experiment-report-input.ts";
import { type SimulatedArm, simulateUsers } from "./simulate-users.ts";

/** A 50/50 two-arm design on conversion with latency and rating guardrails. */
export const TWO_ARM = {
  key: "home-recs-v2",
  hypothesis: "The v2 model makes more home-page recommendations get watched",
  layer: "home",
  variants: [{ key: "control", weight: 50 }, { key: "treatment", weight: 50 }],
  controlVariant: "control",
  primaryMetric: "conversion",
  guardrailMetrics: ["latency_ms", "rating"],
} as const;

/** Parsed input for TWO_ARM with simulated users: `control` control users, `treated` treatment users. */
export function twoArmInput(
  seed: number,
  treatment: Omit<SimulatedArm, "key" | "users"> = {},
  control = 2000,
  treated = 2000,
): ExperimentReportInput {
  const users = simulateUsers(seed, [{ key: "control", users: control }, {
    key: "treatment",
    users: treated,
    ...treatment,
  }]);
  return Input.parse({ experiment: TWO_ARM, users });
}
