import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: ["./shared/db/schema.ts", "./shared/db/rules-schema.ts", "./shared/db/release-schema.ts", "./shared/db/telemetry-schema.ts", "./shared/db/experiment-schema.ts"],
  out: "./shared/db/migrations",
});
