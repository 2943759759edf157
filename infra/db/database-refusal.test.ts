import { describe, expect, test } from "bun:test";
import { databaseRefusal, describeRefusal, isDatabaseUnavailable } from "./database-refusal.ts";

const withCode = (code: string, message = "boom") => Object.assign(new Error(message), { code });

describe("databaseRefusal()", () => {
  test("databaseRefusal() reads a value out of range (SQLSTATE 22003) as a refusal with its words", () => {
    expect(databaseRefusal(withCode("22003", '"1e+39" is out of range for type real'))).toEqual({
      code: "22003",
      message: '"1e+39" is out of range for type real',
    });
  });

  test("databaseRefusal() reads invalid bytes (22021) and violated constraints (23514) as refusals", () => {
    expect(databaseRefusal(withCode("22021"))?.code).toBe("22021");
    expect(databaseRefusal(withCode("23514"))?.code).toBe("23514");
  });

  test("databaseRefusal() returns null for connection loss, shutdown, deadlock and a missing table", () => {
    for (const code of ["ECONNREFUSED", "CONNECTION_CLOSED", "CONNECT_TIMEOUT", "08006", "57P01", "57P03", "40P01", "40001", "53300", "42P01", "28P01"]) {
      expect({ code, refusal: databaseRefusal(withCode(code)) }).toEqual({ code, refusal: null });
      expect(isDatabaseUnavailable(withCode(code))).toBe(true);
    }
  });

  test("databaseRefusal() treats an error with no code as a refusal without an SQLSTATE", () => {
    expect(databaseRefusal(new TypeError("cannot serialise"))).toEqual({ code: null, message: "cannot serialise" });
  });

  test("databaseRefusal() keeps a message storable: no NUL, at most 1000 characters", () => {
    const refusal = databaseRefusal(withCode("22P02", `bad \u0000 ${"x".repeat(5000)}`));
    expect(refusal?.message.includes("\u0000")).toBe(false);
    expect(refusal?.message.length).toBe(1000);
  });

  test("describeRefusal() puts the SQLSTATE before the message", () => {
    expect(describeRefusal({ code: "22003", message: "out of range" })).toBe("SQLSTATE 22003: out of range");
    expect(describeRefusal({ code: null, message: "out of range" })).toBe("out of range");
  });
});
