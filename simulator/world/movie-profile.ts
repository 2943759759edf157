/**
 * A movie as the course's movie API describes one: `GET /movie/<id>`. Numbers
 * such as budget, popularity and vote_average are strings, absent values are the
 * string "null", and genres are nested objects, as in the real API.
 */
import { z } from "zod";

const NamedId = z.object({ id: z.number().int(), name: z.string() });

export const MovieProfile = z.object({
  id: z.string().min(1),
  tmdb_id: z.number().int(),
  imdb_id: z.string(),
  title: z.string().min(1),
  original_title: z.string(),
  adult: z.enum(["True", "False"]),
  belongs_to_collection: z.object({}).loose(),
  budget: z.string(),
  genres: z.array(NamedId),
  homepage: z.string(),
  original_language: z.string(),
  overview: z.string(),
  popularity: z.string(),
  poster_path: z.string(),
  production_companies: z.array(NamedId),
  production_countries: z.array(z.object({ iso_3166_1: z.string(), name: z.string() })),
  release_date: z.string(),
  revenue: z.string(),
  runtime: z.number().int().min(0),
  spoken_languages: z.array(z.object({ iso_639_1: z.string(), name: z.string() })),
  status: z.string(),
  tagline: z.string(),
  vote_average: z.string(),
  vote_count: z.string(),
});
export type MovieProfile = z.infer<typeof MovieProfile>;
