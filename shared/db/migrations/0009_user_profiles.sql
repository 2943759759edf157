CREATE TABLE "user_profiles" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"age" integer,
	"gender" text,
	"occupation" text,
	"fetched_at" timestamp (3) with time zone NOT NULL,
	"reason" text,
	CONSTRAINT "user_profiles_profile_or_reason" CHECK (("user_profiles"."reason" is null) = ("user_profiles"."age" is not null and "user_profiles"."gender" is not null and "user_profiles"."occupation" is not null))
);
--> statement-breakpoint
CREATE INDEX "user_profiles_fetched_at_idx" ON "user_profiles" USING btree ("fetched_at");