/** Writes events back as movielog lines, in the format the streaming site's infrastructure uses. */
import type { MovielogEvent } from "./events.ts";
import { formatLogTime } from "./parse-time.ts";

/** The movielog line for an event (times with milliseconds, `, ` between result ids). */
export function formatLine(event: MovielogEvent): string {
  const head = `${formatLogTime(event.time)},${event.userId},`;
  switch (event.kind) {
    case "watch":
      return `${head}GET /data/m/${event.movieId}/${event.minute}.mpg`;
    case "rate":
      return `${head}GET /rate/${event.movieId}=${event.rating}`;
    case "recommendation": {
      const result = event.status === 200 ? event.items.join(", ") : (event.error ?? "");
      return `${head}recommendation request ${event.server}, status ${event.status}, result: ${result}, ${event.latencyMs} ms`;
    }
  }
}
