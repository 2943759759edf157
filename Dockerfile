# The image of every Bun service: workers, ingestion, training, the simulator
# (and the release supervisor). One image, many commands (see compose.yaml).
FROM oven/bun:1.4.5 AS deps
WORKDIR /app
COPY package.json bun.lockb bunfig.toml ./
RUN bun install --frozen-lockfile --production --ignore-scripts

FROM oven/bun:1.4.5
WORKDIR /app
ENV NODE_ENV=production
COPY --from=deps /app/node_modules ./node_modules
COPY package.json bunfig.toml tsconfig.json ./
COPY shared ./shared
COPY infra ./infra
COPY registry ./registry
COPY ingest ./ingest
COPY trainer ./trainer
COPY workers ./workers
COPY simulator ./simulator
COPY system ./system
COPY release ./release
# A worker remembers the artifact it served last here (WORKER_STATE_DIR), to start from it
# when the registry is unreachable; compose mounts a volume per worker on it.
RUN mkdir -p /var/lib/worker && chown bun:bun /var/lib/worker
USER bun
CMD ["bun", "workers/main.ts"]
