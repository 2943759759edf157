/**
 * The report's two charts as vega-lite specs, and their headless rendering to SVG. Specs
 * are plain data built from the report, so they are testable without rendering.
 */
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { ExperimentReport } from "./experiment-report.ts";
import { metricDefinition } from "./metric-definitions.ts";

/** The primary metric per variant over time, with its always-valid interval as a band. */
export function timelineChartSpec(report: ExperimentReport): TopLevelSpec {
  const metric = metricDefinition(report.experiment.primaryMetric);
  const values = report.timeline.map((p) => ({ ...p, at: new Date(p.at).toISOString() }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `${metric.label} by first-exposure time (always-valid intervals)`,
    width: 560,
    height: 240,
    data: { values },
    encoding: {
      x: { field: "at", type: "temporal", title: "users first exposed by" },
      color: { field: "variant", type: "nominal" },
    },
    layer: [
      {
        // Early points have unbounded intervals; the band starts once the interval is finite.
        transform: [{ filter: "datum.lower != null && datum.upper != null" }],
        mark: { type: "area", opacity: 0.2 },
        encoding: {
          y: { field: "lower", type: "quantitative", title: metric.key },
          y2: { field: "upper" },
        },
      },
      {
        mark: { type: "line", point: true },
        encoding: { y: { field: "mean", type: "quantitative" } },
      },
    ],
  };
}

const ROW = {
  field: "row",
  type: "nominal",
  title: null,
  sort: null,
  axis: { labelLimit: 320 },
} as const;

/** Relative lift with its confidence interval for every metric × treatment, around a zero line. */
export function forestChartSpec(report: ExperimentReport): TopLevelSpec {
  const values = report.comparisons
    .filter((c) => c.lift !== null && c.liftCi !== null)
    .map((c) => ({
      row: `${c.metric} · ${c.treatment}`,
      lift: c.lift,
      lower: c.liftCi![0],
      upper: c.liftCi![1],
      reading: c.effect === "none" ? "no significant difference" : `significantly ${c.effect}`,
    }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: `Relative lift against ${report.experiment.controlVariant} (${
      Number(((1 - report.experiment.alpha) * 100).toFixed(2))
    }% CI)`,
    width: 480,
    height: { step: 28 },
    data: { values },
    layer: [
      {
        mark: "rule",
        encoding: {
          y: ROW,
          x: { field: "lower", type: "quantitative", axis: { format: "+.1%" }, title: "lift" },
          x2: { field: "upper" },
        },
      },
      {
        mark: { type: "point", filled: true, size: 60 },
        encoding: {
          y: ROW,
          x: { field: "lift", type: "quantitative" },
          color: {
            field: "reading",
            type: "nominal",
            scale: {
              domain: ["significantly better", "no significant difference", "significantly worse"],
              range: ["#1a7f37", "#57606a", "#cf222e"],
            },
            legend: { labelLimit: 240 },
          },
        },
      },
      // The zero line has no row, so it must not inherit the row encoding (it would add an "undefined" row).
      {
        mark: { type: "rule", strokeDash: [4, 4] },
        encoding: { x: { datum: 0, type: "quantitative" } },
      },
    ],
  };
}

/** Compiles and renders a vega-lite spec to an SVG string, headlessly (no DOM, no canvas). */
export async function renderChartSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
