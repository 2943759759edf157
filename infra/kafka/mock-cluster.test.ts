import { expect, test } from "bun:test";
import { mockClusterCommand, parseMockBootstrap } from "./mock-cluster.ts";

test("parseMockBootstrap() reads the brokers librdkafka announces at start, with or without debug=mock", () => {
  expect(parseMockBootstrap("%5|1796568741.418|MOCK|rdkafka#producer-1| [thrd:app]: Mock cluster enabled: original bootstrap.servers and security.protocol ignored and replaced with 127.0.0.1:38303"))
    .toEqual(["127.0.0.1:38303"]);
  expect(parseMockBootstrap("%7|1796568739.371|MOCK|rdkafka#producer-1| [thrd:app]: Mock cluster mockCluster157a5b787ed8 bootstrap.servers=127.0.0.1:43975,127.0.0.1:43976"))
    .toEqual(["127.0.0.1:43975", "127.0.0.1:43976"]);
});

test("parseMockBootstrap() ignores every other line", () => {
  expect(parseMockBootstrap("%7|1796568739.374|MOCK|rdkafka#producer-1| [thrd:mock]: Broker 1: New connection from 127.0.0.1:50640")).toBeNull();
  expect(parseMockBootstrap("")).toBeNull();
});

test("mockClusterCommand() asks kcat for one mock broker, without the chatty mock debug log", () => {
  const { command, args } = mockClusterCommand("movielog");
  expect(command).toBe("kcat");
  expect(args).toContain("test.mock.num.brokers=1");
  expect(args.join(" ")).not.toContain("debug");
});
