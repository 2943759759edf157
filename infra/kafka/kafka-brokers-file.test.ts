import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brokersFileSource, parseBrokersFile, readBrokersFile, watchBrokersFile, writeBrokersFile } from "./kafka-brokers-file.ts";

const dir = mkdtempSync(join(tmpdir(), "brokers-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("parseBrokersFile() reads a comma-separated list, trimmed, as KAFKA_BROKERS is read", () => {
  expect(parseBrokersFile("/f", "127.0.0.1:40123, 127.0.0.1:40124\n")).toEqual(["127.0.0.1:40123", "127.0.0.1:40124"]);
});

test("parseBrokersFile() refuses an empty file and a bad entry, naming the file and the text", () => {
  expect(() => parseBrokersFile("/run/kafka-brokers", "\n")).toThrow("KAFKA_BROKERS_FILE=/run/kafka-brokers holds no valid broker list");
  expect(() => parseBrokersFile("/run/kafka-brokers", "localhost")).toThrow('each broker must be host:port): "localhost"');
});

test("readBrokersFile() names the file and the reason when it cannot be read", () => {
  expect(() => readBrokersFile(join(dir, "missing"))).toThrow(`KAFKA_BROKERS_FILE=${join(dir, "missing")} cannot be read (ENOENT)`);
});

test("writeBrokersFile() replaces the list whole and leaves no temporary file behind", () => {
  const path = join(dir, "written");
  writeBrokersFile(path, ["127.0.0.1:1111"]);
  writeBrokersFile(path, ["127.0.0.1:2222", "127.0.0.1:3333"]);
  expect(readBrokersFile(path)).toEqual(["127.0.0.1:2222", "127.0.0.1:3333"]);
  expect(readdirSync(dir).filter((name) => name.startsWith("written"))).toEqual(["written"]);
  expect(() => writeBrokersFile(path, [])).toThrow("the broker list is empty");
});

test("brokersFileSource() reads the file again on every call, as kafkajs calls it on every reconnect", async () => {
  const path = join(dir, "source");
  const source = brokersFileSource(path);
  writeBrokersFile(path, ["127.0.0.1:4444"]);
  expect(await source()).toEqual(["127.0.0.1:4444"]);
  writeBrokersFile(path, ["127.0.0.1:5555"]);
  expect(await source()).toEqual(["127.0.0.1:5555"]);
  rmSync(path);
  await expect(source()).rejects.toThrow("cannot be read (ENOENT)");
});

test("watchBrokersFile() calls back once with the new list when the file names other brokers, ignoring a missing or broken file", async () => {
  const path = join(dir, "watched");
  writeBrokersFile(path, ["127.0.0.1:6666"]);
  const moves: string[][] = [];
  const stop = watchBrokersFile(path, ["127.0.0.1:6666"], (brokers) => moves.push(brokers), 10);
  // Several polls apart each: the watch sees each state of the file.
  await Bun.sleep(60);
  rmSync(path);
  await Bun.sleep(60);
  writeFileSync(path, "not a list");
  await Bun.sleep(60);
  expect(moves).toEqual([]);
  writeBrokersFile(path, ["127.0.0.1:7777"]);
  for (let waited = 0; moves.length === 0 && waited < 5000; waited += 10) await Bun.sleep(10);
  writeBrokersFile(path, ["127.0.0.1:8888"]);
  await Bun.sleep(60);
  stop();
  expect(moves).toEqual([["127.0.0.1:7777"]]);
});
