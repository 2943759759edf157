import { describe, expect, test } from "bun:test";
import { loadSimulatorConfig } from "./config.ts";

describe("loadSimulatorConfig", () => {
  test("loadSimulatorConfig() applies defaults for unset and empty variables", () => {
    const config = loadSimulatorConfig({ SIMULATOR_FAULTS: "" });
    expect([config.SIMULATOR_SEED, config.SIMULATOR_USERS, config.SIMULATOR_MOVIES]).toEqual([42, 20_000, 2_000]);
    expect(config.SIMULATOR_TARGET).toBe("http://127.0.0.1:8082");
    expect(config.SIMULATOR_API_PORT).toBe(8080);
    expect(config.KAFKA_TOPIC).toBe("movielog");
    expect([...config.SIMULATOR_FAULTS]).toEqual([]);
    expect(config.SIMULATOR_DURATION_S).toBeUndefined();
  });

  test("loadSimulatorConfig() parses rates, speed and faults", () => {
    const config = loadSimulatorConfig({ SIMULATOR_RATE: "2.5", SIMULATOR_SPEED: "60", SIMULATOR_FAULTS: "shilling,bursts", SIMULATOR_DURATION_S: "5" });
    expect([config.SIMULATOR_RATE, config.SIMULATOR_SPEED, config.SIMULATOR_DURATION_S]).toEqual([2.5, 60, 5]);
    expect([...config.SIMULATOR_FAULTS]).toEqual(["shilling", "bursts"]);
  });

  test("loadSimulatorConfig() names every bad variable", () => {
    const bad = { SIMULATOR_RATE: "fast", SIMULATOR_FAULTS: "gremlins", SIMULATOR_TARGET: "ftp://x" };
    expect(() => loadSimulatorConfig(bad)).toThrow(/SIMULATOR_RATE="fast"/);
    expect(() => loadSimulatorConfig(bad)).toThrow(/SIMULATOR_FAULTS="gremlins"/);
    expect(() => loadSimulatorConfig(bad)).toThrow(/SIMULATOR_TARGET="ftp:\/\/x"/);
    expect(() => loadSimulatorConfig({ SIMULATOR_USERS: "0" })).toThrow(/SIMULATOR_USERS="0"/);
  });
});
