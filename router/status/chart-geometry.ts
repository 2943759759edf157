/** Where a share-per-bucket line chart draws its points, lines and grid, in SVG user units. */

export type ChartBox = {
  readonly width: number;
  readonly height: number;
  /** Room left of the plot for the y labels, and above/below it. */
  readonly left: number;
  readonly top: number;
  readonly bottom: number;
};

export type ChartGeometry = {
  /** The line's SVG path: one subpath per run of consecutive buckets with data, so a gap breaks it. */
  readonly line: string;
  readonly dots: readonly { index: number; cx: number; cy: number }[];
  /** Horizontal grid lines at 0, 25, 50, 75 and 100 %. */
  readonly grid: readonly { y: number; label: string }[];
  /** The plot area. */
  readonly plot: { x: number; y: number; width: number; height: number };
};

const round = (n: number) => Math.round(n * 10) / 10;

/** Geometry of `values` (shares in [0, 1], null for no data), evenly spaced left to right. */
export function chartGeometry(values: readonly (number | null)[], box: ChartBox): ChartGeometry {
  const plot = {
    x: box.left,
    y: box.top,
    width: box.width - box.left - 8,
    height: box.height - box.top - box.bottom,
  };
  const step = values.length > 1 ? plot.width / (values.length - 1) : 0;
  const xAt = (i: number) => round(values.length > 1 ? plot.x + i * step : plot.x + plot.width / 2);
  const yAt = (v: number) => round(plot.y + (1 - Math.min(1, Math.max(0, v))) * plot.height);

  const dots: { index: number; cx: number; cy: number }[] = [];
  const paths: string[] = [];
  let run: string[] = [];
  values.forEach((value, index) => {
    if (value === null) {
      if (run.length > 1) paths.push(run.join(""));
      run = [];
      return;
    }
    const dot = { index, cx: xAt(index), cy: yAt(value) };
    dots.push(dot);
    run.push(`${run.length === 0 ? "M" : "L"}${dot.cx} ${dot.cy}`);
  });
  if (run.length > 1) paths.push(run.join(""));

  const grid = [0, 0.25, 0.5, 0.75, 1].map((v) => ({ y: yAt(v), label: `${v * 100} %` }));
  return { line: paths.join(""), dots, grid, plot };
}
