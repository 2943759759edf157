/** A share-per-bucket chart as inline SVG, drawn from chartGeometry; no script needed. */
import type { FC } from "hono/jsx";
import { chartGeometry } from "./chart-geometry.ts";
import type { ChartView } from "./status-view.ts";

const BOX = { width: 720, height: 200, left: 48, top: 10, bottom: 24 };

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
/** `12:05` of a label `2024-05-01 12:05:00 UTC`. */
const clock = (label: string) => label.slice(11, 16);

/** The chart `chart`, or its `empty` reason when it has no data. */
export const LineChart: FC<{ chart: ChartView }> = ({ chart }) => {
  const geometry = chartGeometry(chart.points.map((p) => p.value), BOX);
  const { plot } = geometry;
  const first = chart.points[0];
  const last = chart.points[chart.points.length - 1];
  return (
    <figure class="chart" id={`${chart.id}`}>
      <h3>{chart.title}</h3>
      <svg
        id={`${chart.id}-chart`}
        viewBox={`0 0 ${BOX.width} ${BOX.height}`}
        width={BOX.width}
        height={BOX.height}
        role="img"
        aria-label={`${chart.title} per bucket`}
      >
        {geometry.grid.map((line) => (
          <g class="grid">
            <line x1={plot.x} x2={plot.x + plot.width} y1={line.y} y2={line.y} />
            <text x={plot.x - 6} y={line.y + 4} text-anchor="end">{line.label}</text>
          </g>
        ))}
        {first && <text class="axis" x={plot.x} y={BOX.height - 6}>{clock(first.label)}</text>}
        {last && (
          <text class="axis" x={plot.x + plot.width} y={BOX.height - 6} text-anchor="end">
            {clock(last.label)}
          </text>
        )}
        {geometry.line && <path class="line" d={geometry.line} />}
        {geometry.dots.map(({ index, cx, cy }) => {
          const point = chart.points[index];
          return (
            <circle
              class={point.provisional ? "point provisional" : "point"}
              cx={cx}
              cy={cy}
              r={3}
              data-start={point.start}
              data-value={point.value ?? ""}
              data-total={point.total}
            >
              <title>{`${point.label}: ${percent(point.value ?? 0)} of ${point.total}`}</title>
            </circle>
          );
        })}
      </svg>
      {chart.empty && <p class="empty">{chart.empty}</p>}
      <figcaption>
        {chart.caption} {chart.summary}
      </figcaption>
    </figure>
  );
};
