import assert from "node:assert/strict";
import { alertsApiUrl, MAX_ALERTS, parseAlertsAnswer, prometheusAlertsReader } from "./prometheus-alerts.ts";

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);

const alert = (name: string, state: string, labels: Record<string, string> = {}) => ({
  labels: { alertname: name, severity: "page", ...labels },
  annotations: { summary: `${name} summary` },
  state,
  activeAt: "2024-05-01T11:50:00.5Z",
  value: "7e+00",
});

Deno.test("alertsApiUrl() keeps a path prefix and drops a query", () => {
  assert.equal(alertsApiUrl("http://prometheus:9090"), "http://prometheus:9090/api/v1/alerts");
  assert.equal(alertsApiUrl("http://h/prom/?x=1"), "http://h/prom/api/v1/alerts");
});

Deno.test("parseAlertsAnswer() keeps firing then pending alerts, by name, without alertname and severity in the labels", () => {
  const answer = {
    status: "success",
    data: {
      alerts: [
        alert("RouterLatencyP99High", "pending"),
        alert("IngestPartitionStalled", "firing", { topic: "movielog", partition: "1" }),
        alert("Inactive", "inactive"),
        alert("IngestLagGrowing", "firing", { topic: "movielog", partition: "0" }),
      ],
    },
  };
  const snapshot = parseAlertsAnswer(answer, T0);
  assert.deepEqual(snapshot.alerts.map((a) => [a.name, a.state]), [
    ["IngestLagGrowing", "firing"],
    ["IngestPartitionStalled", "firing"],
    ["RouterLatencyP99High", "pending"],
  ]);
  assert.deepEqual(snapshot.alerts[1], {
    name: "IngestPartitionStalled",
    state: "firing",
    severity: "page",
    summary: "IngestPartitionStalled summary",
    labels: { topic: "movielog", partition: "1" },
    activeSince: Date.UTC(2024, 4, 1, 11, 50, 0, 500),
    value: "7e+00",
  });
  assert.equal(snapshot.omitted, 0);
});

Deno.test("parseAlertsAnswer() caps the alerts kept and counts the rest, and reads the zero time as unknown", () => {
  const many = Array.from({ length: MAX_ALERTS + 3 }, (_, i) => ({ ...alert(`A${String(i).padStart(3, "0")}`, "firing"), activeAt: "0001-01-01T00:00:00Z" }));
  const snapshot = parseAlertsAnswer({ status: "success", data: { alerts: many } }, T0);
  assert.equal(snapshot.alerts.length, MAX_ALERTS);
  assert.equal(snapshot.omitted, 3);
  assert.equal(snapshot.alerts[0].activeSince, null);
});

Deno.test("parseAlertsAnswer() refuses an error answer and a malformed one, naming what is wrong", () => {
  assert.throws(() => parseAlertsAnswer({ status: "error", errorType: "bad_data", error: "nope" }, T0), /refused the alerts query: bad_data: nope/);
  assert.throws(() => parseAlertsAnswer({ status: "success", data: { alerts: [{ labels: 3 }] } }, T0), /unexpected alerts document: data\.alerts\.0\.labels/);
  assert.throws(() => parseAlertsAnswer({ status: "success", data: { alerts: [alert("A", "firing", { x: "y".repeat(5000) })] } }, T0), /unexpected alerts document/);
});

Deno.test("prometheusAlertsReader() reads the API, and refuses a body that is not JSON or too large", async () => {
  const asked: string[] = [];
  const answer = (body: string, init: ResponseInit = {}) => (url: string | URL | Request) => {
    asked.push(String(url));
    return Promise.resolve(new Response(body, init));
  };
  const ok = JSON.stringify({ status: "success", data: { alerts: [alert("A", "firing")] } });
  const snapshot = await prometheusAlertsReader("http://p:9090", answer(ok) as typeof fetch).read(T0);
  assert.deepEqual([asked, snapshot.readAt, snapshot.alerts.length], [["http://p:9090/api/v1/alerts"], T0, 1]);
  await assert.rejects(prometheusAlertsReader("http://p", answer("<html>", { status: 502 }) as typeof fetch).read(T0), /answered 502 with a body that is not JSON/);
  await assert.rejects(prometheusAlertsReader("http://p", answer("x".repeat(1_000_001)) as typeof fetch).read(T0), /over 1000000 bytes/);
});
