import { expect, test } from "bun:test";
import { childEnvironment } from "./child-environment.ts";

test("childEnvironment() sets NO_COLOR and drops FORCE_COLOR when the output is not a terminal", () => {
  expect(childEnvironment({ PATH: "/bin", FORCE_COLOR: "1" }, { colour: false, set: { KAFKA_TOPIC: "movielog" } }))
    .toEqual({ PATH: "/bin", KAFKA_TOPIC: "movielog", NO_COLOR: "1" });
});

test("childEnvironment() leaves colour to the children on a terminal, and what it sets wins over the launcher's own", () => {
  expect(childEnvironment({ PATH: "/bin", DATABASE_URL: "postgres://old", UNSET: undefined }, { colour: true, set: { DATABASE_URL: "postgres://new" } }))
    .toEqual({ PATH: "/bin", DATABASE_URL: "postgres://new" });
});
