/**
 * The SASL login a Kafka client presents, from the environment's KAFKA_SASL_*
 * fields: undefined when no mechanism is set (the embedded mock cluster), else the
 * mechanism, the username and the password read from its file (a compose secret).
 * Throws naming the variable when the login is incomplete; never prints the password.
 */
import { readFileSync } from "node:fs";
import type { SASLOptions } from "kafkajs";
import type { KafkaSaslEnv } from "../../shared/config/env-fields.ts";

/** The login, or undefined for none; `readFile` is replaceable for tests. */
export function readKafkaSasl(env: KafkaSaslEnv, readFile: (path: string) => string = (p) => readFileSync(p, "utf8")): SASLOptions | undefined {
  const mechanism = env.KAFKA_SASL_MECHANISM;
  if (mechanism === undefined) return undefined;
  if (!env.KAFKA_SASL_USERNAME) throw new Error(`Invalid configuration: KAFKA_SASL_USERNAME is required when KAFKA_SASL_MECHANISM=${mechanism}`);
  const file = env.KAFKA_SASL_PASSWORD_FILE;
  if (!file) throw new Error(`Invalid configuration: KAFKA_SASL_PASSWORD_FILE is required when KAFKA_SASL_MECHANISM=${mechanism}`);
  let password: string;
  try {
    password = readFile(file).trim();
  } catch (error) {
    throw new Error(`Invalid configuration: KAFKA_SASL_PASSWORD_FILE=${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  if (password.length === 0) throw new Error(`Invalid configuration: KAFKA_SASL_PASSWORD_FILE=${file} is empty`);
  const username = env.KAFKA_SASL_USERNAME;
  return { mechanism, username, password };
}
