import { describe, expect, test } from "bun:test";
import { DatabaseEnv, KafkaEnv } from "./env-fields.ts";
import { ConfigError, parseEnv } from "./parse-env.ts";

describe("parseEnv()", () => {
  test("parseEnv() applies defaults when variables are unset", () => {
    expect(parseEnv(DatabaseEnv, {})).toEqual({ EMBEDDED_DATABASE_PORT: 54329, EMBEDDED_DATABASE_DIR: ".data/pglite" });
    expect(parseEnv(KafkaEnv, {}).KAFKA_TOPIC).toBe("movielog");
  });

  test("parseEnv() treats an empty value as unset", () => {
    expect(parseEnv(DatabaseEnv, { DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });

  test("parseEnv() splits KAFKA_BROKERS into a list", () => {
    expect(parseEnv(KafkaEnv, { KAFKA_BROKERS: "a:9092, b:9093" }).KAFKA_BROKERS).toEqual(["a:9092", "b:9093"]);
  });

  test("parseEnv() names the variable and its value when one is malformed", () => {
    expect(() => parseEnv(DatabaseEnv, { DATABASE_URL: "mysql://x" })).toThrow(
      /DATABASE_URL="mysql:\/\/x": must be a postgres/,
    );
    expect(() => parseEnv(KafkaEnv, { KAFKA_BROKERS: "nohost" })).toThrow(/KAFKA_BROKERS="nohost"/);
    expect(() => parseEnv(DatabaseEnv, { EMBEDDED_DATABASE_PORT: "http" })).toThrow(ConfigError);
  });
});
