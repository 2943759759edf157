/** Environment fields several processes share: database, Kafka, logging. */
import { z } from "zod";

/** A port number given as text. */
export const PortText = z.coerce.number().int().min(1).max(65_535);

/** `postgres://…` or `postgresql://…`; unset selects the embedded database. */
export const DatabaseUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\/\S+$/, "must be a postgres:// or postgresql:// URL")
  .optional();

export const DatabaseEnv = z.object({
  DATABASE_URL: DatabaseUrl,
  EMBEDDED_DATABASE_PORT: PortText.default(54329),
  EMBEDDED_DATABASE_DIR: z.string().min(1).default(".data/pglite"),
});
export type DatabaseEnv = z.infer<typeof DatabaseEnv>;

/** Comma-separated `host:port` list; unset selects the embedded Kafka peer. */
export const KafkaBrokers = z
  .string()
  .transform((s) => s.split(",").map((b) => b.trim()).filter((b) => b.length > 0))
  .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, "each broker must be host:port")).min(1))
  .optional();

/**
 * A SASL login to Kafka (compose's brokers require one; the embedded mock cluster has
 * none). The password is read from a file, a mounted secret, never from the environment.
 * The mechanism needs the username and the file: infra/kafka/read-kafka-sasl.ts checks that.
 */
export const KafkaSaslEnv = z.object({
  KAFKA_SASL_MECHANISM: z.enum(["plain", "scram-sha-256", "scram-sha-512"]).optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).max(256).optional(),
  KAFKA_SASL_PASSWORD_FILE: z.string().min(1).optional(),
});
export type KafkaSaslEnv = z.infer<typeof KafkaSaslEnv>;

/**
 * A file holding the current comma-separated broker list, read again on every (re)connect
 * (infra/kafka/kafka-brokers-file.ts): `npm start`'s embedded Kafka comes back on new ports
 * after a restart and rewrites it. When set, it wins over KAFKA_BROKERS.
 */
export const KafkaBrokersFile = z.string().min(1).optional();

export const KafkaEnv = KafkaSaslEnv.extend({
  KAFKA_BROKERS: KafkaBrokers,
  KAFKA_BROKERS_FILE: KafkaBrokersFile,
  KAFKA_TOPIC: z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, "must be a valid Kafka topic name").default("movielog"),
  KAFKA_CLIENT_ID: z.string().min(1).default("movie-recommender"),
});
export type KafkaEnv = z.infer<typeof KafkaEnv>;

/** Where the trainer keeps artifacts and snapshots; every reader of them uses the same defaults. */
export const ArtifactEnv = z.object({
  /** Model artifacts, one directory per version. */
  ARTIFACT_DIR: z.string().min(1).default(".data/artifacts"),
  /** Frozen training snapshots, one directory per snapshot id. */
  SNAPSHOT_DIR: z.string().min(1).default(".data/snapshots"),
});
export type ArtifactEnv = z.infer<typeof ArtifactEnv>;
