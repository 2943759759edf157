import { expect, test } from "bun:test";
import { renderReleaseEmail } from "./render-release-email.ts";
import { sampleReleaseReport } from "./sample-release-report.ts";

test("renderReleaseEmail() puts outcome, version, stage and release in the subject", () => {
  expect(renderReleaseEmail(sampleReleaseReport()).subject).toBe("[release] Model als-v43 rolled back at canary 20% (rel-0042)");
  expect(renderReleaseEmail(sampleReleaseReport({ outcome: "promoted", stage: "canary 100%" })).subject).toBe(
    "[release] Model als-v43 promoted at canary 100% (rel-0042)",
  );
});

test("renderReleaseEmail() escapes a reason containing markup in the HTML and keeps it verbatim in the text", () => {
  const reason = `<script>alert("x")</script> & more`;
  const { html, text } = renderReleaseEmail(sampleReleaseReport({ reason }));
  expect(html).not.toContain("<script>");
  expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more");
  expect(text).toContain(`Reason: ${reason}`);
});

test("renderReleaseEmail() renders one section with a figures table per step, skipped steps included", () => {
  const { html, text } = renderReleaseEmail(sampleReleaseReport());
  expect([...html.matchAll(/<section data-step="(\d+)">/g)].map((m) => m[1])).toEqual(["5", "20", "50"]);
  expect(html).toContain("<h3>Step 50%: skipped</h3>");
  expect(html).toContain("<tr><td>conversion</td><td>12.00%</td><td>10.00%</td></tr>");
  expect(html).toContain("<tr><td>conversion</td><td>fail</td><td>lift -16.6%, interval [-30.0%, -2.0%]</td></tr>");
  expect(text).toContain("Step 5%: pass\n  2025-03-01T10:01:00.000Z → 2025-03-01T10:12:30.000Z (11 min 30 s)\n  - guardrails hold");
  expect(text).toContain("  conversion  12.10%  11.80%\n  error rate  0.20%   0.30%\n  degraded    1.00%   1.20%\n  p99         80 ms   84 ms\n");
  expect(html).toContain("<tr><td>degraded</td><td>–</td><td>–</td></tr>");
});

test("renderReleaseEmail() says once, in both bodies, what the error and degraded rates mean", () => {
  const { html, text } = renderReleaseEmail(sampleReleaseReport());
  const note = "error rate = unavailable requests ÷ requests: not answered 200 before the site's client timeout (800 ms";
  expect(text.split(note).length - 1).toBe(1);
  expect(html.split(note.replace("'", "&#39;")).length - 1).toBe(1);
  expect(text).toContain("degraded = answered in time from the router's fallback list: available, so not in the error rate.");
});

test("renderReleaseEmail() lists decision, provenance and build link", () => {
  const { html, text } = renderReleaseEmail(sampleReleaseReport());
  expect(html).toContain('<a href="https://ci.example.com/job/release/42">https://ci.example.com/job/release/42</a>');
  for (const line of ["Decision: rolled back at canary 20%", "Model version: als-v43", "Previous version: als-v42", "Code commit: 0123abcd", "Data snapshot: snap-2025-03-01"]) {
    expect(text).toContain(line);
  }
  expect(text).toContain("Timeline\n  2025-03-01T10:00:00.000Z  release started (model als-v43)\n");
  expect(text).toContain("  2025-03-01T10:35:00.000Z  rolled back at canary 20%\n");
});

test("renderReleaseEmail() shows a failed sample-ratio check with the users behind it", () => {
  const report = sampleReleaseReport();
  report.steps[1].tests.unshift({
    kind: "sample_ratio", metric: "sample_ratio", outcome: "fail", expectedShare: 0.2, observedShare: 0.33, canaryUsers: 400, stableUsers: 810, logEvidence: 31.4,
  });
  const { html, text } = renderReleaseEmail(report);
  const evidence = "canary 400 of 1210 users (33.00%) vs 20.00% expected, log e-value 31.40";
  expect(html).toContain(`<tr><td>sample_ratio</td><td>fail</td><td>${evidence}</td></tr>`);
  expect(text).toContain(evidence);
});

test("renderReleaseEmail() shows the preference test's users, share, interval and p-value, and says once what interleaving measures", () => {
  const report = sampleReleaseReport();
  report.steps[1].tests.push({
    kind: "preference", metric: "preference", outcome: "fail", mode: "alongside", preferStable: 420, preferCandidate: 300, ties: 7, noCredit: 40,
    share: 300 / 720, lower: 0.372, upper: 0.462, pValue: 0.00031, alpha: 0.00125,
  });
  const { html, text } = renderReleaseEmail(report);
  const evidence = "420 prefer stable, 300 prefer candidate, 7 ties, 40 no credit; candidate share 41.7%, always-valid interval [37.2%, 46.2%], " +
    "p = 0.00031 (alpha 0.0013, alongside conversion)";
  expect(html).toContain(`<tr><td>preference</td><td>fail</td><td>${evidence}</td></tr>`);
  expect(text).toContain(evidence);
  const note = "It measures which ranking users prefer when both are shown together, not long-term behaviour";
  expect(text.split(note).length - 1).toBe(1);
  expect(html.split(note).length - 1).toBe(1);
  expect(renderReleaseEmail(sampleReleaseReport()).text).not.toContain(note);
});

test("renderReleaseEmail() reports a preference test with no user preferring either ranking yet", () => {
  const report = sampleReleaseReport();
  report.steps[0].tests.push({
    kind: "preference", metric: "preference", outcome: "keep_watching", mode: "instead", preferStable: 0, preferCandidate: 0, ties: 1, noCredit: 12,
    share: null, lower: 0, upper: 1, pValue: 1, alpha: 0.0025,
  });
  expect(renderReleaseEmail(report).text).toContain("0 prefer stable, 0 prefer candidate, 1 ties, 12 no credit; no share yet (alpha 0.0025, instead of conversion)");
});

test("renderReleaseEmail() shows the preference test's pass side: the lower end at its alpha against one half minus the margin", () => {
  const report = sampleReleaseReport();
  report.steps[1].tests.push({
    kind: "preference", metric: "preference", outcome: "pass", mode: "instead", preferStable: 1500, preferCandidate: 1500, ties: 30, noCredit: 400,
    share: 0.5, lower: 0.46, upper: 0.54, pValue: 1, alpha: 0.0025, passLower: 0.471, passAlpha: 0.05, margin: 0.05,
  });
  expect(renderReleaseEmail(report).text).toContain(
    "candidate share 50.0%, always-valid interval [46.0%, 54.0%], p = 1.0 (alpha 0.0025, instead of conversion); " +
      "passes once the lower end at alpha 0.050 is above 45.0%: 47.1%",
  );
});
