import assert from "node:assert/strict";
import {
  createTelemetrySigner,
  createTelemetryVerifier,
  type TelemetryEvent,
} from "../../shared/telemetry/index.ts";
import { captureLogger } from "../testing/capture-logger.ts";
import {
  sampleTelemetryEvent,
  TEST_TELEMETRY_SIGNING_KEY,
} from "../testing/sample-telemetry-event.ts";
import { createTelemetryShipper, type TelemetrySink } from "./telemetry-shipper.ts";

/** A sink whose sends wait until the test settles them, in order. */
function gatedSink() {
  const batches: string[][] = [];
  const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const sink: TelemetrySink & { closed: boolean } = {
    closed: false,
    send(events: TelemetryEvent[]) {
      batches.push(events.map((e) => e.requestId));
      return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
    },
    close() {
      sink.closed = true;
      return Promise.resolve();
    },
  };
  const settle = async (outcome: "ok" | "fail") => {
    await tick();
    const next = pending.shift();
    assert.ok(next, "no send is waiting");
    if (outcome === "ok") next.resolve();
    else next.reject(new Error("KafkaJSConnectionError: Connection timeout"));
    await tick();
  };
  return { sink, batches, settle };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const event = (id: string) => sampleTelemetryEvent({ requestId: id });

function shipperOver(sink: TelemetrySink, capacity = 3) {
  const counts = { sent: 0, dropped: {} as Record<string, number> };
  const sleeps: number[] = [];
  const log = captureLogger();
  const shipper = createTelemetryShipper({
    sink,
    capacity,
    batchSize: 2,
    maxBackoffMs: 400,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    log,
    onSent: (n) => (counts.sent += n),
    onDropped: (reason, n) => (counts.dropped[reason] = (counts.dropped[reason] ?? 0) + n),
  });
  return { shipper, counts, sleeps, log };
}

Deno.test("TelemetryShipper.record() keeps at most `capacity` events and counts the rest as dropped", async () => {
  const { sink, batches, settle } = gatedSink();
  const { shipper, counts } = shipperOver(sink);
  assert.equal(shipper.record(event("e1")), true);
  await tick(); // e1 is now in flight, the buffer is empty
  const accepted = ["e2", "e3", "e4", "e5", "e6"].map((id) => shipper.record(event(id)));
  assert.deepEqual(accepted, [true, true, true, false, false]);
  assert.equal(shipper.buffered(), 3);
  await settle("ok");
  await settle("ok");
  await settle("ok");
  await shipper.flush();
  assert.deepEqual(batches, [["e1"], ["e2", "e3"], ["e4"]]);
  assert.deepEqual(counts, { sent: 4, dropped: { buffer_full: 2 } });
  assert.equal(shipper.buffered(), 0);
});

Deno.test("TelemetryShipper.record() returns at once while the sink never answers", async () => {
  const { sink } = gatedSink();
  const { shipper, counts } = shipperOver(sink, 100);
  shipper.record(event("first"));
  await tick();
  const started = performance.now();
  for (let i = 0; i < 10_000; i++) shipper.record(event(`e${i}`));
  // Each record() is a push or a drop, never a wait: 10,000 of them take milliseconds; the
  // bound is far above that so only a record() that waits on the sink can fail it.
  assert.ok(performance.now() - started < 2000, "10,000 records took over 2 s");
  assert.deepEqual(counts, { sent: 0, dropped: { buffer_full: 9_900 } });
});

Deno.test("TelemetryShipper drops a failed batch, backs off before the next and logs once per outage", async () => {
  const { sink, batches, settle } = gatedSink();
  const { shipper, counts, sleeps, log } = shipperOver(sink, 10);
  shipper.record(event("a"));
  await settle("fail");
  shipper.record(event("b"));
  await settle("fail");
  shipper.record(event("c"));
  await settle("ok");
  await shipper.flush();
  assert.deepEqual(batches, [["a"], ["b"], ["c"]]);
  assert.deepEqual(sleeps, [100, 200]);
  assert.deepEqual(counts, { sent: 1, dropped: { send_failed: 2 } });
  assert.deepEqual(log.lines.map((l) => [l.level, l.message]), [
    ["warn", "telemetry sink failing: dropping batches until it recovers"],
    ["info", "telemetry sink reachable again"],
  ]);
});

Deno.test("TelemetryShipper.stop() drops what it could not ship within the grace and closes the sink", async () => {
  const { sink } = gatedSink();
  const { shipper, counts } = shipperOver(sink, 10);
  shipper.record(event("in-flight"));
  await tick();
  shipper.record(event("waiting"));
  await shipper.stop(50);
  assert.equal(shipper.record(event("late")), false);
  assert.deepEqual(counts, { sent: 0, dropped: { shutdown: 2 } });
  assert.equal(sink.closed, true);
});

Deno.test("TelemetryShipper signs each event when its batch leaves, never while the request records it", async () => {
  const sent: TelemetryEvent[] = [];
  const sink: TelemetrySink = {
    send: (events) => (sent.push(...events), Promise.resolve()),
    close: () => Promise.resolve(),
  };
  const signer = createTelemetrySigner(TEST_TELEMETRY_SIGNING_KEY);
  let signed = 0;
  const shipper = createTelemetryShipper({
    sink,
    sign: (e) => (signed++, signer(e)),
    capacity: 10,
    batchSize: 2,
    maxBackoffMs: 400,
    sleep: () => Promise.resolve(),
    log: captureLogger(),
  });
  for (const id of ["a", "b", "c"]) shipper.record(event(id));
  assert.equal(signed, 0);
  await shipper.flush();
  const verify = createTelemetryVerifier(TEST_TELEMETRY_SIGNING_KEY);
  assert.deepEqual(sent.map((e) => [e.requestId, verify(e)]), [
    ["a", "signed"],
    ["b", "signed"],
    ["c", "signed"],
  ]);
});

Deno.test("TelemetryShipper without a signer sends events as recorded, unsigned", async () => {
  const sent: TelemetryEvent[] = [];
  const shipper = createTelemetryShipper({
    sink: {
      send: (events) => (sent.push(...events), Promise.resolve()),
      close: () => Promise.resolve(),
    },
    capacity: 10,
    batchSize: 10,
    maxBackoffMs: 400,
    sleep: () => Promise.resolve(),
    log: captureLogger(),
  });
  shipper.record(event("a"));
  await shipper.flush();
  assert.deepEqual(sent, [event("a")]);
});
