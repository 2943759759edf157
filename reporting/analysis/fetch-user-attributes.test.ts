import { expect, test } from "bun:test";
import { fetchUserAttributes } from "./fetch-user-attributes.ts";
import type { UserAttributes } from "./user-attributes.ts";

/** A fake user API knowing users 1 and 2, recording the paths asked for. */
function fakeApi(asked: string[]): typeof fetch {
  const known: Record<string, unknown> = {
    "/user/1": { user_id: 1, age: 30, occupation: "scientist", gender: "F" },
    "/user/2": { user_id: 2, age: 17, occupation: "K-12 student", gender: "M", extra: true },
  };
  return ((url: string | URL | Request) => {
    const path = new URL(String(url)).pathname;
    asked.push(path);
    const body = known[path];
    return Promise.resolve(new Response(JSON.stringify(body ?? { message: "user not found" }), { status: body ? 200 : 404 }));
  }) as typeof fetch;
}

test("fetchUserAttributes() keeps known users, leaves unknown ones out, and asks once per user", async () => {
  const asked: string[] = [];
  const cache = new Map<number, UserAttributes | null>();
  const result = await fetchUserAttributes("http://api.test/", [2, 1, 3, 1, 2], { fetch: fakeApi(asked), cache, concurrency: 2 });
  expect(result.status).toBe("ok");
  if (result.status !== "ok") return;
  expect([...result.users.keys()].sort()).toEqual([1, 2]);
  expect(result.users.get(2)).toEqual({ user_id: 2, age: 17, occupation: "K-12 student", gender: "M" });
  expect(asked.sort()).toEqual(["/user/1", "/user/2", "/user/3"]);
  await fetchUserAttributes("http://api.test", [1, 2, 3], { fetch: fakeApi(asked), cache });
  expect(asked).toHaveLength(3); // all cached
});

test("fetchUserAttributes() samples evenly above the user limit", async () => {
  const asked: string[] = [];
  const result = await fetchUserAttributes("http://api.test", Array.from({ length: 100 }, (_, i) => i + 1), { fetch: fakeApi(asked), maxUsers: 10 });
  expect(asked).toHaveLength(10);
  expect(result.status === "ok" && result.source).toBe("http://api.test, a sample of 10 users");
});

test("fetchUserAttributes() reports an unreachable API instead of throwing, and gives up early", async () => {
  let calls = 0;
  const down = (() => {
    calls++;
    return Promise.reject(new TypeError("connection refused"));
  }) as unknown as typeof fetch;
  const result = await fetchUserAttributes("http://down.test", Array.from({ length: 500 }, (_, i) => i), { fetch: down, concurrency: 1 });
  expect(result).toEqual({ status: "unavailable", reason: "user API (USER_API_URL or --user-api) unreachable (GET /user/4: connection refused)" });
  expect(calls).toBe(5);
});
