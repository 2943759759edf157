import { expect, test } from "bun:test";
import { computeTopicLag } from "./ingest-metrics-lag.ts";

test("computeTopicLag() subtracts the stored next offset from the high watermark per partition", () => {
  const lag = computeTopicLag(
    [{ partition: 1, low: 0, high: 40 }, { partition: 0, low: 0, high: 100 }],
    new Map([[0, { nextOffset: 90, watermark: 1_000 }], [1, { nextOffset: 40, watermark: 3_000 }]]),
  );
  expect(lag).toEqual({ partitions: [{ partition: 0, lag: 10 }, { partition: 1, lag: 0 }], lastEventTime: 3_000 });
});

test("computeTopicLag() counts everything retained as lag on a partition without a checkpoint", () => {
  expect(computeTopicLag([{ partition: 0, low: 5, high: 12 }], new Map())).toEqual({ partitions: [{ partition: 0, lag: 7 }], lastEventTime: null });
});

test("computeTopicLag() counts from the low watermark when retention deleted past the checkpoint", () => {
  const lag = computeTopicLag([{ partition: 0, low: 50, high: 60 }], new Map([[0, { nextOffset: 20, watermark: null }]]));
  expect(lag.partitions).toEqual([{ partition: 0, lag: 10 }]);
});

test("computeTopicLag() never reports negative lag when the checkpoint was read after the offsets", () => {
  const lag = computeTopicLag([{ partition: 0, low: 0, high: 60 }], new Map([[0, { nextOffset: 61, watermark: null }]]));
  expect(lag.partitions).toEqual([{ partition: 0, lag: 0 }]);
});
