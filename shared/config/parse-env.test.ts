import { describe, expect, test } from "bun:test";
import { z } from "zod";
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

describe("parseEnv() and secrets", () => {
  const Secrets = z.object({
    ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    // A schema whose message quotes the value it refuses, as some do.
    RESEND_API_KEY: z.string().startsWith("re_", { error: (issue) => `${JSON.stringify(issue.input)} is not a Resend key` }).optional(),
    DATABASE_URL: DatabaseEnv.shape.DATABASE_URL,
    TELEMETRY_SIGNING_KEY_FILE: z.string().startsWith("/", "must be an absolute path").optional(),
  });

  test("parseEnv() hides the value of a variable named as a secret, in the schema's message too", () => {
    const env = { ADMIN_TOKEN: "tok-8f3a9c", RESEND_API_KEY: "sk_live_9f8e7d6c5b4a" };
    expect(() => parseEnv(Secrets, env)).toThrow(new ConfigError(
      "Invalid configuration: ADMIN_TOKEN=(hidden): must be at least 16 characters; " +
        'RESEND_API_KEY=(hidden): "(hidden)" is not a Resend key',
    ));
  });

  test("parseEnv() hides the credentials of a URL, keeping the rest of it", () => {
    expect(() => parseEnv(Secrets, { DATABASE_URL: "mysql://recs:hunter2-Pa55@db.internal:3306/recs" })).toThrow(
      'Invalid configuration: DATABASE_URL="mysql://***@db.internal:3306/recs": must be a postgres:// or postgresql:// URL',
    );
  });

  test("parseEnv() shows a secret file's path, which is no secret", () => {
    expect(() => parseEnv(Secrets, { TELEMETRY_SIGNING_KEY_FILE: "run/key" })).toThrow(
      'TELEMETRY_SIGNING_KEY_FILE="run/key": must be an absolute path',
    );
  });
});
