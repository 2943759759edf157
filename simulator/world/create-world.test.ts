import { describe, expect, test } from "bun:test";
import { isMovieId } from "../../shared/movielog/movie-id.ts";
import { affinity, userIndex } from "./affinity.ts";
import { createWorld } from "./create-world.ts";
import { OCCUPATIONS } from "./demographics.ts";
import { MovieProfile } from "./movie-profile.ts";
import { movieSlug } from "./movie-slug.ts";
import { UserProfile } from "./user-profile.ts";

const world = createWorld(11, { users: 2000, movies: 600 });

describe("createWorld", () => {
  test("createWorld() is identical for the same seed and differs for another", () => {
    const again = createWorld(11, { users: 2000, movies: 600 });
    expect(again.users).toEqual(world.users);
    expect(again.movies.map((m) => m.profile)).toEqual(world.movies.map((m) => m.profile));
    expect(again.userTastes).toEqual(world.userTastes);
    expect(createWorld(12, { users: 2000, movies: 600 }).movies[10].profile).not.toEqual(world.movies[10].profile);
  });

  test("createWorld() users are shaped like the user API and follow its demographics", () => {
    for (const user of world.users) expect(UserProfile.parse(user)).toEqual(user);
    expect(world.users.map((u) => u.user_id)).toEqual(world.users.map((_, i) => i + 1));
    const male = world.users.filter((u) => u.gender === "M").length / world.users.length;
    expect(male).toBeGreaterThan(0.77);
    expect(male).toBeLessThan(0.86);
    const core = world.users.filter((u) => u.age >= 25 && u.age <= 34).length / world.users.length;
    expect(core).toBeGreaterThan(0.78);
    const known = new Set(OCCUPATIONS.map(([o]) => o));
    expect(world.users.every((u) => known.has(u.occupation))).toBe(true);
  });

  test("createWorld() movies are shaped like the movie API with unique slug ids and the real quirks", () => {
    for (const movie of world.movies) expect(MovieProfile.parse(movie.profile)).toEqual(movie.profile);
    const ids = world.movies.map((m) => m.profile.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every(isMovieId)).toBe(true);
    expect(ids.slice(0, 4)).toEqual(["m*a*s*h+1970", "monsters_+inc.+2001", "10th++wolf+2006", "human+failure+"]);
    expect(world.movies[3].profile.release_date).toBe("null");
    expect(world.movies.every((m) => /^\d+\.\d{6}$/.test(m.profile.popularity) && /^\d+\.\d$/.test(m.profile.vote_average))).toBe(true);
    expect(world.movies.some((m) => m.profile.homepage === "null")).toBe(true);
  });

  test("createWorld() popularity is heavy-tailed", () => {
    const popularity = world.movies.map((m) => m.popularity).sort((a, b) => a - b);
    const median = popularity[Math.floor(popularity.length / 2)];
    expect(popularity[popularity.length - 1] / median).toBeGreaterThan(20);
  });

  test("affinity() has a spread near 1 over pairs and userIndex() rejects unknown ids", () => {
    const values: number[] = [];
    for (let u = 0; u < 200; u++) for (let m = 0; m < world.movies.length; m++) values.push(affinity(world, u, m));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    expect(Math.abs(mean)).toBeLessThan(0.5); // shared genre directions (Drama) shift it a little
    expect(sd).toBeGreaterThan(0.8);
    expect(sd).toBeLessThan(1.3);
    expect([userIndex(world, 1), userIndex(world, 2000), userIndex(world, 0), userIndex(world, 2001), userIndex(world, 1.5)]).toEqual([0, 1999, -1, -1, -1]);
  });
});

describe("movieSlug", () => {
  test("movieSlug() writes ids as the streaming site does", () => {
    expect(movieSlug("The Night of Love", 1994)).toBe("the+night+of+love+1994");
    expect(movieSlug("M*A*S*H", 1970)).toBe("m*a*s*h+1970");
    expect(movieSlug("Monsters, Inc.", 2001)).toBe("monsters_+inc.+2001");
    expect(movieSlug("10th & Wolf", 2006)).toBe("10th++wolf+2006");
    expect(movieSlug("Human Failure", null)).toBe("human+failure+");
    expect(movieSlug("The Lord of the Rings: The Fellowship of the Ring", 2001)).toBe("the+lord+of+the+rings+the+fellowship+of+the+ring+2001");
    expect(movieSlug("Tora-san, Our Lovable Tramp", 1969)).toBe("tora-san_+our+lovable+tramp+1969");
  });
});
