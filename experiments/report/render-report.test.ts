import { expect, test } from "bun:test";
import { buildExperimentReport } from "./build-experiment-report.ts";
import { renderReportHtml } from "./render-report-html.ts";
import { renderReportJson } from "./render-report-json.ts";
import { renderReportMarkdown } from "./render-report-markdown.ts";
import { twoArmInput } from "./testing/report-fixtures.ts";

const shipped = buildExperimentReport(twoArmInput(1, { conversionFactor: 1.25 }));
const mismatched = buildExperimentReport(twoArmInput(3, {}, 1200, 800));

test("renderReportMarkdown() shows the SRM check before the conclusion and every result", () => {
  const md = renderReportMarkdown(mismatched);
  expect(md).toContain(
    "**Sample-ratio mismatch (chi-square 80.00, df 1, p < 1e-15; threshold 0.001)",
  );
  expect(md.indexOf("## Sample-ratio check")).toBeLessThan(md.indexOf("## Conclusion"));
  expect(md.indexOf("## Conclusion")).toBeLessThan(md.indexOf("## Comparisons against control"));
  expect(md).toContain("**check assignment: SRM**");
});

test("renderReportMarkdown() names the confidence sequence it used", () => {
  const md = renderReportMarkdown(shipped);
  expect(md).toContain("normal-mixture confidence sequence");
  expect(md).toContain("**ship**");
  expect(md).toContain("non-inferior (margin 5%)");
  expect(md).toContain("4000 users have completed their 7-day observation window");
});

test("renderReportMarkdown() states the equivalence margin and how many more users an open question needs", () => {
  const input = twoArmInput(2, {}, 300, 300);
  const md = renderReportMarkdown(buildExperimentReport({ ...input, experiment: { ...input.experiment, equivalenceMargin: 0.1 } }));
  expect(md).toContain("- Equivalence margin: ±10% relative lift on conversion; always-valid lift interval now [");
  expect(md).toMatch(/A conclusive answer needs about \d+ more users \(about \d+\.\d more days/);
});

test("renderReportHtml() embeds both charts as SVG after the SRM check", async () => {
  const html = await renderReportHtml(shipped);
  expect(html.match(/<svg/g)).toHaveLength(2);
  expect(html.indexOf('id="srm"')).toBeLessThan(html.indexOf('id="conclusion"'));
  expect(html.indexOf('id="conclusion"')).toBeLessThan(html.indexOf("<svg"));
  expect(html).toContain("conversion · treatment"); // a forest-plot row
  expect(html).not.toContain("<script");
  expect(await renderReportHtml(mismatched)).toContain('<p class="srm-bad">Sample-ratio mismatch');
});

test("renderReportJson() round-trips the primary headline fields", () => {
  const parsed = JSON.parse(renderReportJson(shipped));
  expect(Object.keys(parsed.primary)).toEqual(
    expect.arrayContaining(["srm_p", "lift", "ci", "p_value", "conclusion", "users"]),
  );
  expect(parsed.primary.conclusion).toBe("ship");
  expect(parsed.primary.equivalence_margin).toBeNull();
  expect(parsed.primary.always_valid_lift_ci[0]).toBeGreaterThan(0);
  expect(parsed.primary.users).toEqual({ control: 2000, treatment: 2000 });
  expect(parsed.primary.ci).toHaveLength(2);
  expect(parsed.primary.ci[0]).toBeLessThan(parsed.primary.ci[1]);
});
