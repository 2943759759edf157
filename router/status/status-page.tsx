/** The whole status page: server-rendered HTML, inline CSS and SVG, no script. */
import type { FC } from "hono/jsx";
import { AlertsSection } from "./alerts-section.tsx";
import { DataPathSection } from "./data-path-section.tsx";
import { formatTime } from "./format-time.ts";
import { LineChart } from "./line-chart.tsx";
import { ModelsSection } from "./models-section.tsx";
import { ExperimentsSection, PoolsSection, ReleaseSection } from "./status-sections.tsx";
import type { StatusView } from "./status-view.ts";

const CSS = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem auto; max-width: 60rem; color: #222; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: .5rem 0; } th, td { text-align: left; padding: .2rem .6rem; border-bottom: 1px solid #eee; vertical-align: top; }
ul.workers { list-style: none; margin: 0; padding: 0; }
.health { display: inline-block; min-width: 5.5em; font-weight: 600; }
.up .health { color: #1a7f37; } .down .health, .ejected .health { color: #cf222e; } .unchecked .health { color: #9a6700; }
.tag { margin-left: .4em; font-size: .75em; background: #ddf4ff; padding: 0 .3em; border-radius: 3px; }
.data { padding: .4rem .6rem; border-radius: 4px; background: #f6f8fa; }
.data.stale, .data.missing { background: #fff8c5; border: 1px solid #d4a72c; }
dl { display: grid; grid-template-columns: max-content auto; gap: .1rem 1rem; } dd { margin: 0; }
.chart svg { max-width: 100%; height: auto; }
.grid line { stroke: #e5e5e5; } .grid text, .axis { font-size: 10px; fill: #666; }
path.line { fill: none; stroke: #0969da; stroke-width: 1.5; }
circle.point { fill: #0969da; } circle.provisional { fill: #fff; stroke: #0969da; }
.note, figcaption, .empty { color: #555; font-size: .9em; }
tr.partition.stalled, tr.alert.firing { background: #ffebe9; } tr.partition.stalled .state, tr.alert.firing td:first-child { color: #cf222e; font-weight: 600; }
tr.partition.behind .state, tr.alert.pending td:first-child { color: #9a6700; font-weight: 600; }
tr.partition.caught_up .state { color: #1a7f37; } tr.partition.unmeasured .state { color: #6e7781; font-weight: 600; }
td.lag, td.count { text-align: right; font-variant-numeric: tabular-nums; }
`;

/** The page for `view`, the data path and alerts first; refreshes itself every 30 s. */
export const StatusPage: FC<{ view: StatusView; jsonHref?: string }> = ({ view, jsonHref = "status.json" }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta http-equiv="refresh" content="30" />
      <title>Router status</title>
      <style dangerouslySetInnerHTML={{ __html: CSS }} />
    </head>
    <body>
      <h1>Router status</h1>
      <p>
        Generated at {formatTime(view.generatedAt)}. The same view for scripts: <a href={jsonHref}>status.json</a>.
      </p>
      <p id="data-freshness" class={`data ${view.data.kind}`}>{view.data.text}</p>
      <AlertsSection alerts={view.alerts} />
      <DataPathSection dataPath={view.dataPath} now={view.generatedAt} />
      <ModelsSection models={view.models} now={view.generatedAt} />
      <PoolsSection pools={view.pools} rulesVersion={view.rulesVersion} />
      <ReleaseSection release={view.release} />
      <ExperimentsSection experiments={view.experiments} />
      <section id="charts">
        <h2>Last hours</h2>
        {view.charts.map((chart) => <LineChart key={chart.id} chart={chart} />)}
      </section>
    </body>
  </html>
);
