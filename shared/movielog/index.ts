export * from "./events.ts";
export * from "./rejection.ts";
export * from "./parse-time.ts";
export * from "./movie-id.ts";
export * from "./parse-line.ts";
export * from "./format-line.ts";
