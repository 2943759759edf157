DROP INDEX "watch_sessions_movie_idx";--> statement-breakpoint
DROP INDEX "watch_sessions_last_time_idx";