CREATE TABLE "ingest_batches" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"ingested_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"lines" integer NOT NULL,
	"accepted" jsonb NOT NULL,
	"rejected" jsonb NOT NULL,
	"duplicates" integer NOT NULL,
	"late" integer NOT NULL,
	"min_event_time" timestamp (3) with time zone,
	"max_event_time" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "ingest_checkpoints" (
	"consumer" text NOT NULL,
	"cluster_id" text NOT NULL,
	"topic" text NOT NULL,
	"partition" integer NOT NULL,
	"next_offset" bigint NOT NULL,
	"watermark" timestamp (3) with time zone,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ingest_checkpoints_consumer_cluster_id_topic_partition_pk" PRIMARY KEY("consumer","cluster_id","topic","partition")
);
--> statement-breakpoint
CREATE TABLE "quarantine" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"partition" integer NOT NULL,
	"position" bigint NOT NULL,
	"raw" "bytea" NOT NULL,
	"reason" text NOT NULL,
	"detail" text NOT NULL,
	"received_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quarantine_position_key" UNIQUE("source","partition","position")
);
--> statement-breakpoint
CREATE TABLE "rating_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"movie_id" text NOT NULL,
	"rating" smallint NOT NULL,
	"time" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "rating_history_event_key" UNIQUE("user_id","movie_id","time","rating")
);
--> statement-breakpoint
CREATE TABLE "ratings" (
	"user_id" integer NOT NULL,
	"movie_id" text NOT NULL,
	"rating" smallint NOT NULL,
	"time" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "ratings_user_id_movie_id_pk" PRIMARY KEY("user_id","movie_id")
);
--> statement-breakpoint
CREATE TABLE "recommendation_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"time" timestamp (3) with time zone NOT NULL,
	"user_id" integer NOT NULL,
	"server" text NOT NULL,
	"status" smallint NOT NULL,
	"latency_ms" real NOT NULL,
	"items" text[] NOT NULL,
	"error" text,
	CONSTRAINT "recommendation_events_event_key" UNIQUE("user_id","time","server")
);
--> statement-breakpoint
CREATE TABLE "watch_sessions" (
	"user_id" integer NOT NULL,
	"movie_id" text NOT NULL,
	"first_time" timestamp (3) with time zone NOT NULL,
	"last_time" timestamp (3) with time zone NOT NULL,
	"minutes" integer[] NOT NULL,
	"minute_count" integer NOT NULL,
	"max_minute" integer NOT NULL,
	CONSTRAINT "watch_sessions_user_id_movie_id_pk" PRIMARY KEY("user_id","movie_id")
);
--> statement-breakpoint
CREATE INDEX "ingest_batches_ingested_at_idx" ON "ingest_batches" USING btree ("ingested_at");--> statement-breakpoint
CREATE INDEX "quarantine_reason_idx" ON "quarantine" USING btree ("reason");--> statement-breakpoint
CREATE INDEX "quarantine_received_at_idx" ON "quarantine" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "rating_history_time_idx" ON "rating_history" USING btree ("time");--> statement-breakpoint
CREATE INDEX "ratings_movie_idx" ON "ratings" USING btree ("movie_id");--> statement-breakpoint
CREATE INDEX "recommendation_events_time_idx" ON "recommendation_events" USING btree ("time");--> statement-breakpoint
CREATE INDEX "watch_sessions_movie_idx" ON "watch_sessions" USING btree ("movie_id");--> statement-breakpoint
CREATE INDEX "watch_sessions_last_time_idx" ON "watch_sessions" USING btree ("last_time");