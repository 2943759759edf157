import { describe, expect, test } from "bun:test";
import { createWorld } from "../world/create-world.ts";
import { handleProfileRequest } from "./profile-api.ts";

const world = createWorld(1, { users: 10, movies: 20 });
const get = async (path: string) => {
  const response = handleProfileRequest(world, new Request(`http://sim${path}`));
  return { status: response.status, body: await response.json() };
};

describe("handleProfileRequest", () => {
  test("handleProfileRequest() answers users and movies like the course's API", async () => {
    expect(await get("/user/3")).toEqual({ status: 200, body: world.users[2] });
    expect(await get("/movie/m*a*s*h+1970")).toEqual({ status: 200, body: world.movies[0].profile });
    expect(await get("/movie/10th++wolf+2006")).toEqual({ status: 200, body: world.movies[2].profile });
    expect(await get("/movie/human+failure+")).toEqual({ status: 200, body: world.movies[3].profile });
  });

  test("handleProfileRequest() answers unknown or malformed ids with 404 JSON", async () => {
    expect(await get("/user/11")).toEqual({ status: 404, body: { message: "user not found", id: "11" } });
    expect(await get("/user/0")).toEqual({ status: 404, body: { message: "user not found", id: "0" } });
    expect((await get("/user/abc")).status).toBe(404);
    expect(await get("/movie/no+such+movie+1999")).toEqual({ status: 404, body: { message: "movie not found", id: "no+such+movie+1999" } });
    expect(await get("/elsewhere")).toEqual({ status: 404, body: { message: "not found" } });
  });
});
