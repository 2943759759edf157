/** The status page's serving sections: pools, release and experiments. */
import type { FC } from "hono/jsx";
import { formatTime } from "./format-time.ts";
import type { ExperimentView, PoolView, ReleaseView } from "./status-view.ts";

/** Pools with their workers' health, from the router's memory. */
export const PoolsSection: FC<{ pools: readonly PoolView[]; rulesVersion: number | null }> = (
  { pools, rulesVersion },
) => (
  <section id="pools">
    <h2>Pools</h2>
    <p>
      Rules version <strong id="rules-version">{rulesVersion ?? "none"}</strong>
      {rulesVersion === null && ": no rules loaded, the router answers from its fallback list."}
    </p>
    <table>
      <thead>
        <tr>
          <th>Pool</th>
          <th>Model version</th>
          <th>Workers</th>
        </tr>
      </thead>
      <tbody>
        {pools.map((pool) => (
          <tr class="pool" data-pool={pool.name}>
            <td class="pool-name">
              {pool.name}
              {pool.isDefault && <span class="tag">default</span>}
            </td>
            <td class="model-version">{pool.modelVersion}</td>
            <td>
              <ul class="workers">
                {pool.urls.map((u) => (
                  <li class={`worker ${u.health}`} data-url={u.url} data-health={u.health}>
                    <span class="health">{u.health}</span> <code>{u.url}</code>{" "}
                    <small>{u.detail}</small>
                  </li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  </section>
);

/** The running release, or the last finished one, with its decisions. */
export const ReleaseSection: FC<{ release: ReleaseView }> = ({ release }) => {
  if (release.kind !== "release") {
    return (
      <section id="release" data-kind={release.kind}>
        <h2>Release</h2>
        <p>{release.text}</p>
      </section>
    );
  }
  return (
    <section id="release" data-kind="release" data-phase={release.phase}>
      <h2>{release.active ? "Current release" : "Last release (finished)"}</h2>
      <dl>
        <dt>Release</dt>
        <dd>{release.id}</dd>
        <dt>Phase</dt>
        <dd class="phase">{release.phase}</dd>
        <dt>Model</dt>
        <dd class="release-model">
          {release.modelVersion}
          {release.previousVersion && ` (replacing ${release.previousVersion})`}
        </dd>
        <dt>Step</dt>
        <dd>{release.step}</dd>
        <dt>Updated</dt>
        <dd>{formatTime(release.updatedAt)}</dd>
        {release.reason && <dt>Reason</dt>}
        {release.reason && <dd>{release.reason}</dd>}
      </dl>
      <table class="decisions">
        <thead>
          <tr>
            <th>Time</th>
            <th>Event</th>
            <th>Phase</th>
            <th>Step</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {release.decisions.map((d) => (
            <tr class="decision">
              <td>{formatTime(d.at)}</td>
              <td>{d.event}</td>
              <td>{d.transition}</td>
              <td>{d.step}</td>
              <td>{d.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {release.earlierDecisions > 0 && <p>and {release.earlierDecisions} earlier decisions.</p>}
    </section>
  );
};

/** Running experiments: design, variants and users per variant. */
export const ExperimentsSection: FC<{ experiments: readonly ExperimentView[] }> = (
  { experiments },
) => (
  <section id="experiments">
    <h2>Running experiments</h2>
    {experiments.length === 0 && <p>None.</p>}
    {experiments.map((e) => (
      <article class="experiment" data-experiment={e.key}>
        <h3>{e.key}</h3>
        <p>
          Layer {e.layer}, coverage {e.coverage}
          {e.startedAt !== null && `, started ${formatTime(e.startedAt)}`}.
        </p>
        {e.hypothesis && <p class="hypothesis">{e.hypothesis}</p>}
        <table>
          <thead>
            <tr>
              <th>Variant</th>
              <th>Weight</th>
              <th>Pool</th>
              <th>Users</th>
            </tr>
          </thead>
          <tbody>
            {e.variants.map((v) => (
              <tr class="variant" data-variant={v.key}>
                <td>{v.key}</td>
                <td>{v.weight}</td>
                <td>{v.pool ?? "(route)"}</td>
                <td class="users">{v.users ?? "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="note">{e.usersNote}</p>
      </article>
    ))}
  </section>
);
