import { describe, expect, test } from "bun:test";
import { loadWorkerConfig } from "./config.ts";

describe("loadWorkerConfig", () => {
  test("loadWorkerConfig() applies defaults around a model path", () => {
    expect(loadWorkerConfig({ WORKER_MODEL_PATH: "/models/v1" })).toMatchObject({
      WORKER_PORT: 8090, WORKER_MODEL_PATH: "/models/v1", WORKER_REGISTRY_POLL_MS: 2000, WORKER_LIST_LENGTH: 20,
    });
  });

  test("loadWorkerConfig() keeps each worker's state in a directory named after its port unless WORKER_STATE_DIR says", () => {
    expect(loadWorkerConfig({ WORKER_MODEL_VERSION: "production" }).WORKER_STATE_DIR).toBe(".data/worker-8090");
    expect(loadWorkerConfig({ WORKER_MODEL_VERSION: "production", WORKER_PORT: "8092" }).WORKER_STATE_DIR).toBe(".data/worker-8092");
    expect(loadWorkerConfig({ WORKER_MODEL_VERSION: "production", WORKER_STATE_DIR: "/var/lib/worker" }).WORKER_STATE_DIR).toBe("/var/lib/worker");
  });

  test("loadWorkerConfig() fails without a model source, naming the variable", () => {
    expect(() => loadWorkerConfig({ WORKER_MODEL_PATH: "" })).toThrow(
      'Invalid configuration: WORKER_MODEL_PATH="": set WORKER_MODEL_PATH, WORKER_MODEL_VERSION, or both',
    );
  });

  test("loadWorkerConfig() fails on a short admin token and a malformed port", () => {
    expect(() => loadWorkerConfig({ WORKER_MODEL_VERSION: "production", WORKER_ADMIN_TOKEN: "short", WORKER_PORT: "80a" })).toThrow(
      /WORKER_PORT="80a": .*; WORKER_ADMIN_TOKEN=\(hidden\): must be at least 16 characters/,
    );
  });

  test("loadWorkerConfig() fails on an admin token holding whitespace, which no bearer header can carry", () => {
    expect(() => loadWorkerConfig({ WORKER_MODEL_VERSION: "production", WORKER_ADMIN_TOKEN: "s3cret token 0123456" })).toThrow(
      /WORKER_ADMIN_TOKEN=.*: must not contain whitespace/,
    );
  });

  test("loadWorkerConfig() refuses a list length above the answer cap of 20", () => {
    expect(() => loadWorkerConfig({ WORKER_MODEL_VERSION: "production", WORKER_LIST_LENGTH: "21" })).toThrow(/WORKER_LIST_LENGTH="21"/);
    expect(loadWorkerConfig({ WORKER_MODEL_VERSION: "production", WORKER_LIST_LENGTH: "20" }).WORKER_LIST_LENGTH).toBe(20);
  });
});
