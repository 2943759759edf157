import assert from "node:assert/strict";
import { loadRouterConfig } from "./config.ts";

Deno.test("loadRouterConfig() leaves the status page open and Prometheus unset by default", () => {
  const config = loadRouterConfig({});
  assert.equal(config.STATUS_TOKEN, undefined);
  assert.equal(config.PROMETHEUS_URL, undefined);
});

Deno.test("loadRouterConfig() takes a STATUS_TOKEN of 16 or more URL-safe characters", () => {
  const token = "0123456789abcdef0123456789ABCDEF._~-";
  assert.equal(loadRouterConfig({ STATUS_TOKEN: token }).STATUS_TOKEN, token);
});

Deno.test("loadRouterConfig() refuses a short STATUS_TOKEN or one with a space, naming the variable and not the value", () => {
  for (const bad of ["short-token", "sixteen chars ok but spaced"]) {
    assert.throws(
      () => loadRouterConfig({ STATUS_TOKEN: bad }),
      (error: Error) => {
        assert.match(error.message, /^Invalid configuration: STATUS_TOKEN=\(hidden\): must be 16 or more of/);
        assert.ok(!error.message.includes(bad));
        return true;
      },
    );
  }
});

Deno.test("loadRouterConfig() takes an http(s) PROMETHEUS_URL and refuses another scheme or credentials", () => {
  assert.equal(
    loadRouterConfig({ PROMETHEUS_URL: "http://prometheus:9090" }).PROMETHEUS_URL,
    "http://prometheus:9090",
  );
  assert.throws(
    () => loadRouterConfig({ PROMETHEUS_URL: "ftp://prometheus:9090" }),
    /PROMETHEUS_URL="ftp:\/\/prometheus:9090": must be an http\(s\) URL/,
  );
  assert.throws(
    () => loadRouterConfig({ PROMETHEUS_URL: "http://admin:hunter22@prometheus:9090" }),
    (error: Error) => {
      assert.match(error.message, /PROMETHEUS_URL="http:\/\/\*\*\*@prometheus:9090": must not carry credentials/);
      assert.ok(!error.message.includes("hunter22"));
      return true;
    },
  );
});
