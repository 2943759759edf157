import { expect, test } from "bun:test";
import { escapeHtml } from "./escape-html.ts";

test("escapeHtml() replaces the five markup characters and leaves the rest", () => {
  expect(escapeHtml(`<a href="x">Tom & Jerry's</a> é`)).toBe("&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt; é");
});
