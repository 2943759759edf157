import { expect, test } from "bun:test";
import { parseReportHeadline } from "./report-headline.ts";

const primary = { metric: "conversion", srm_p: 0.41, users: { control: 1200, treatment: 1187 }, treatment: "treatment", difference: -0.05, lift: -0.18, ci: [-0.07, -0.03], p_value: 0.00004, holm_p_value: 0.00012, conclusion: "stop: guardrail harmed" };

test("parseReportHeadline reads the primary headline of a report", () => {
  const headline = parseReportHeadline(JSON.stringify({ version: 1, primary }));
  expect(headline).toEqual({ users: { control: 1200, treatment: 1187 }, srm_p: 0.41, lift: -0.18, ci: [-0.07, -0.03], p_value: 0.00004, conclusion: "stop: guardrail harmed" });
});

test("parseReportHeadline keeps a report without a lift yet (an empty arm) as nulls", () => {
  const headline = parseReportHeadline(JSON.stringify({ primary: { ...primary, lift: null, ci: null, p_value: null } }));
  expect([headline.lift, headline.ci, headline.p_value]).toEqual([null, null, null]);
});

test("parseReportHeadline refuses what is not a report, naming the field", () => {
  expect(() => parseReportHeadline("experiment x is not in the stored rules")).toThrow("the report is not JSON");
  expect(() => parseReportHeadline(JSON.stringify({ primary: { ...primary, srm_p: 1.5 } }))).toThrow("srm_p");
  expect(() => parseReportHeadline(JSON.stringify({ primary: { ...primary, users: { control: -1 } } }))).toThrow("users.control");
  expect(() => parseReportHeadline(JSON.stringify({}))).toThrow("primary");
});
