import { describe, expect, test } from "bun:test";
import { readKafkaSasl } from "./read-kafka-sasl.ts";

const files = (content: Record<string, string>) => (path: string) => {
  if (!(path in content)) throw Object.assign(new Error("missing"), { code: "ENOENT" });
  return content[path];
};

describe("readKafkaSasl()", () => {
  test("readKafkaSasl() returns no login when no mechanism is set", () => {
    expect(readKafkaSasl({}, files({}))).toBeUndefined();
  });

  test("readKafkaSasl() reads the password from its file, trimmed", () => {
    const env = { KAFKA_SASL_MECHANISM: "scram-sha-512" as const, KAFKA_SASL_USERNAME: "router", KAFKA_SASL_PASSWORD_FILE: "/run/secrets/kafka_router" };
    const stored = ["test", "only", "value"].join("-");
    expect(readKafkaSasl(env, files({ "/run/secrets/kafka_router": `${stored}\n` }))).toEqual({
      mechanism: "scram-sha-512",
      username: "router",
      password: stored,
    });
  });

  test("readKafkaSasl() names the missing variable and never the password", () => {
    expect(() => readKafkaSasl({ KAFKA_SASL_MECHANISM: "plain" }, files({}))).toThrow("KAFKA_SASL_USERNAME is required");
    expect(() => readKafkaSasl({ KAFKA_SASL_MECHANISM: "plain", KAFKA_SASL_USERNAME: "u" }, files({}))).toThrow("KAFKA_SASL_PASSWORD_FILE is required");
    const env = { KAFKA_SASL_MECHANISM: "plain" as const, KAFKA_SASL_USERNAME: "u", KAFKA_SASL_PASSWORD_FILE: "/x" };
    expect(() => readKafkaSasl(env, files({}))).toThrow("KAFKA_SASL_PASSWORD_FILE=/x cannot be read (ENOENT)");
    expect(() => readKafkaSasl(env, files({ "/x": "  \n" }))).toThrow("KAFKA_SASL_PASSWORD_FILE=/x is empty");
  });
});
