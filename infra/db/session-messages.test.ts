import { describe, expect, test } from "bun:test";
import { closedStatementName, closeStatementMessage, endsTurn, preparedStatementName, ROLLBACK_MESSAGE } from "./session-messages.ts";

// Byte for byte as postgres.js writes them: Parse("s1", "select $1", one int4 parameter), Close statement / portal "s1".
const PARSE_S1 = new Uint8Array([0x50, 0, 0, 0, 23, 0x73, 0x31, 0, ...new TextEncoder().encode("select $1"), 0, 0, 1, 0, 0, 0, 23]);
const CLOSE_S1 = new Uint8Array([0x43, 0, 0, 0, 8, 0x53, 0x73, 0x31, 0]);
const CLOSE_PORTAL_S1 = new Uint8Array([0x43, 0, 0, 0, 8, 0x50, 0x73, 0x31, 0]);

describe("session messages", () => {
  test("endsTurn() is true for Sync, Query, Terminate and startup packets only", () => {
    expect(["S", "Q", "X", "P", "B", "E", "D", "H", "C"].map((t) => endsTurn(new Uint8Array([t.charCodeAt(0), 0, 0, 0, 4])))).toEqual([
      true, true, true, false, false, false, false, false, false,
    ]);
    expect(endsTurn(new Uint8Array([0, 0, 0, 8, 4, 210, 22, 47]))).toBe(true);
  });

  test("preparedStatementName() reads a Parse's name, and null for the unnamed statement or another message", () => {
    expect(preparedStatementName(PARSE_S1)).toBe("s1");
    expect(preparedStatementName(new Uint8Array([0x50, 0, 0, 0, 8, 0, 0x78, 0, 0, 0]))).toBeNull();
    expect(preparedStatementName(CLOSE_S1)).toBeNull();
    expect(preparedStatementName(new Uint8Array([0x50, 0, 0, 0, 6, 0x73, 0x31]))).toBeNull(); // not terminated
  });

  test("closedStatementName() reads a Close of a statement, and null for a portal", () => {
    expect(closedStatementName(CLOSE_S1)).toBe("s1");
    expect(closedStatementName(CLOSE_PORTAL_S1)).toBeNull();
    expect(closedStatementName(PARSE_S1)).toBeNull();
  });

  test("closeStatementMessage() writes the Close a client would, for any bytes in the name", () => {
    expect(closeStatementMessage("s1")).toEqual(CLOSE_S1);
    const odd = new Uint8Array([0x50, 0, 0, 0, 9, 0xc3, 0xa9, 0xff, 0x01, 0, 0, 0]);
    expect(closeStatementMessage(preparedStatementName(odd)!)).toEqual(new Uint8Array([0x43, 0, 0, 0, 10, 0x53, 0xc3, 0xa9, 0xff, 0x01, 0]));
  });

  test("ROLLBACK_MESSAGE is a simple Query of ROLLBACK", () => {
    expect(ROLLBACK_MESSAGE).toEqual(new Uint8Array([0x51, 0, 0, 0, 13, ...new TextEncoder().encode("ROLLBACK"), 0]));
  });
});
