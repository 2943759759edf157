CREATE TABLE "ingest_partition_status" (
	"consumer" text NOT NULL,
	"topic" text NOT NULL,
	"partition" integer NOT NULL,
	"cluster_id" text NOT NULL,
	"lag" bigint NOT NULL,
	"next_offset" bigint,
	"progressed_at" timestamp (3) with time zone,
	"lag_since" timestamp (3) with time zone,
	"checkpoint_since" timestamp (3) with time zone NOT NULL,
	"stalled" boolean NOT NULL,
	"measured_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "ingest_partition_status_consumer_topic_partition_pk" PRIMARY KEY("consumer","topic","partition"),
	CONSTRAINT "ingest_partition_status_lag_nonnegative" CHECK ("ingest_partition_status"."lag" >= 0)
);
