import { expect, test } from "bun:test";
import { computeTopicLag } from "./ingest-metrics-lag.ts";

test("computeTopicLag() subtracts the stored next offset from the high watermark per partition, with its stored progress", () => {
  const lag = computeTopicLag(
    [{ partition: 1, low: 0, high: 40 }, { partition: 0, low: 0, high: 100 }],
    new Map([[0, { nextOffset: 90, watermark: 1_000, progressedAt: 7_000 }], [1, { nextOffset: 40, watermark: 3_000, progressedAt: 8_000 }]]),
  );
  expect(lag).toEqual({
    partitions: [{ partition: 0, lag: 10, nextOffset: 90, progressedAt: 7_000 }, { partition: 1, lag: 0, nextOffset: 40, progressedAt: 8_000 }],
    lastEventTime: 3_000,
  });
});

test("computeTopicLag() counts everything retained as lag on a partition without a checkpoint, which has no progress", () => {
  expect(computeTopicLag([{ partition: 0, low: 5, high: 12 }], new Map())).toEqual({
    partitions: [{ partition: 0, lag: 7, nextOffset: null, progressedAt: null }],
    lastEventTime: null,
  });
});

test("computeTopicLag() counts from the low watermark when retention deleted past the checkpoint, and keeps the stored offset", () => {
  const lag = computeTopicLag([{ partition: 0, low: 50, high: 60 }], new Map([[0, { nextOffset: 20, watermark: null, progressedAt: 1_000 }]]));
  expect(lag.partitions).toEqual([{ partition: 0, lag: 10, nextOffset: 20, progressedAt: 1_000 }]);
});

test("computeTopicLag() never reports negative lag when the checkpoint was read after the offsets", () => {
  const lag = computeTopicLag([{ partition: 0, low: 0, high: 60 }], new Map([[0, { nextOffset: 61, watermark: null, progressedAt: 1_000 }]]));
  expect(lag.partitions).toEqual([{ partition: 0, lag: 0, nextOffset: 61, progressedAt: 1_000 }]);
});
