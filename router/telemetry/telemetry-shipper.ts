/**
 * Ships telemetry events to a sink (Kafka in production) through a bounded in-memory
 * buffer, so serving never waits on the sink: `record()` is synchronous and drops the
 * event (counted) when the buffer is full. One batch is in flight at a time; while it is,
 * new events pile up and leave together in the next batch. A failed batch is dropped
 * (counted) and the next send waits a growing backoff, so a dead broker costs neither
 * latency nor a busy loop. Events are signed here, a batch at a time just before it
 * leaves, not on the request's path: an HMAC costs microseconds the answer need not
 * wait for. No I/O of its own: the sink, the signer and the sleep are passed in.
 */
import { backoffDelay } from "../../shared/retry/backoff-delay.ts";
import type { TelemetryEvent } from "../../shared/telemetry/index.ts";
import { errorMessage, type Logger } from "../../infra/log/logger.ts";

/** Where batches go; `send` rejects when the batch was not delivered. */
export type TelemetrySink = {
  send(events: TelemetryEvent[]): Promise<void>;
  close(): Promise<void>;
};

/** Why events were dropped (the `reason` label of router_telemetry_dropped_total). */
export type DropReason = "buffer_full" | "send_failed" | "shutdown";

export type TelemetryShipperOptions = {
  sink: TelemetrySink;
  /** Signs one event (sign-telemetry-event.ts); absent, events leave as recorded (unsigned). */
  sign?: (event: TelemetryEvent) => TelemetryEvent;
  /** Events held at most; beyond it new events are dropped. */
  capacity: number;
  /** Events per sink call at most. */
  batchSize: number;
  /** Cap of the wait between failed sends. */
  maxBackoffMs: number;
  sleep: (ms: number) => Promise<void>;
  log: Logger;
  onSent?: (count: number) => void;
  onDropped?: (reason: DropReason, count: number) => void;
};

export type TelemetryShipper = {
  /** Queues an event without waiting; false when it was dropped. */
  record(event: TelemetryEvent): boolean;
  /** Events waiting in the buffer. */
  buffered(): number;
  /** Resolves once the buffer has been emptied (sent or dropped). */
  flush(): Promise<void>;
  /** Stops accepting events, ships what it can within `graceMs`, drops the rest, closes the sink. */
  stop(graceMs: number): Promise<void>;
};

/** A shipper with an empty buffer. */
export function createTelemetryShipper(options: TelemetryShipperOptions): TelemetryShipper {
  const { sink, log } = options;
  let queue: TelemetryEvent[] = [];
  let draining: Promise<void> | null = null;
  let failures = 0;
  let stopped = false;
  const dropped = (reason: DropReason, count: number) => {
    if (count > 0) options.onDropped?.(reason, count);
  };

  async function drain(): Promise<void> {
    // Let the request that recorded the event answer before anything is sent.
    await Promise.resolve();
    while (queue.length > 0) {
      if (failures > 0) await options.sleep(backoffDelay(failures - 1, options.maxBackoffMs));
      const batch = queue.length <= options.batchSize ? queue : queue.slice(0, options.batchSize);
      queue = batch === queue ? [] : queue.slice(batch.length);
      try {
        await sink.send(options.sign ? batch.map(options.sign) : batch);
        options.onSent?.(batch.length);
        if (failures > 0) log.info("telemetry sink reachable again", { failedBatches: failures });
        failures = 0;
      } catch (error) {
        dropped("send_failed", batch.length);
        if (failures === 0) {
          log.warn("telemetry sink failing: dropping batches until it recovers", {
            error: errorMessage(error),
          });
        }
        failures += 1;
      }
    }
    draining = null;
  }

  async function flush(): Promise<void> {
    while (draining) await draining;
  }

  return {
    record(event) {
      if (stopped || queue.length >= options.capacity) {
        dropped(stopped ? "shutdown" : "buffer_full", 1);
        return false;
      }
      queue.push(event);
      draining ??= drain();
      return true;
    },
    buffered: () => queue.length,
    flush,
    async stop(graceMs) {
      stopped = true;
      await Promise.race([flush(), options.sleep(graceMs)]);
      dropped("shutdown", queue.length);
      queue = [];
      await Promise.race([sink.close().catch(() => {}), options.sleep(graceMs)]);
    },
  };
}
