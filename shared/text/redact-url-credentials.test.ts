import { describe, expect, test } from "bun:test";
import { redactUrlCredentials } from "./redact-url-credentials.ts";

describe("redactUrlCredentials()", () => {
  test("redactUrlCredentials() hides a user and password, keeping the scheme, host, port and path", () => {
    expect(redactUrlCredentials("postgres://app:s3cr3t-Pa55@db:5432/recs?sslmode=require"))
      .toBe("postgres://***@db:5432/recs?sslmode=require");
  });

  test("redactUrlCredentials() hides a lone user name, which may be a token", () => {
    expect(redactUrlCredentials("https://ghp_abcdefghijklmnop@git.example/x")).toBe("https://***@git.example/x");
  });

  test("redactUrlCredentials() hides a password that holds a raw @ whole", () => {
    expect(redactUrlCredentials("http://u:p@ss@w@worker-1:8080/")).toBe("http://***@worker-1:8080/");
  });

  test("redactUrlCredentials() hides the credentials of every URL in a sentence, and nothing else", () => {
    expect(redactUrlCredentials('"http://a:b@w1:80" and postgresql://c:d@db, mail me@example.com'))
      .toBe('"http://***@w1:80" and postgresql://***@db, mail me@example.com');
  });

  test("redactUrlCredentials() leaves a URL without credentials unchanged, an @ in its path included", () => {
    expect(redactUrlCredentials("http://worker-1:8080/users/@me?x=a@b")).toBe("http://worker-1:8080/users/@me?x=a@b");
  });
});
