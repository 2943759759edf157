ALTER TABLE "experiment_designs" ADD COLUMN "equivalence_margin" double precision;--> statement-breakpoint
ALTER TABLE "experiment_designs" ADD COLUMN "observation_window_ms" integer DEFAULT 604800000 NOT NULL;
