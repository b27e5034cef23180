# syntax=docker/dockerfile:1
# Stanza as a container: Next's standalone output (next.config.ts), run by a non-root user.
#   docker build -t stanza .
#   docker run -p 3000:3000 -e AUTH_SECRET=... -v stanza-data:/data stanza
# Production-like start with PostgreSQL, MinIO and a separate worker: compose.yaml (docs/operations.md, "Container").

ARG NODE_IMAGE=node:20-bookworm-slim

# 1. Dependencies, from package.json and the lockfile (cached until package*.json change). `npm install`, not `npm ci`:
# the lockfile is written on one platform and may lack another's optional native builds, which `npm ci` refuses.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund

# 2. The build: .next/standalone (server.js and the node_modules it needs) and .next/static.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# STANZA_STANDALONE: next.config.ts adds the standalone output.
ENV NEXT_TELEMETRY_DISABLED=1 STANZA_STANDALONE=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npx next build

# The outbox worker (`npm run worker`, compose.yaml's "worker"): the sources and tsx, not in the standalone output.
#   docker build --target worker -t stanza-worker .
FROM build AS worker
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 MALLOC_ARENA_MAX=2 DATA_DIR=/data
RUN groupadd --system --gid 1001 stanza && useradd --system --uid 1001 --gid stanza --home-dir /app stanza \
    && mkdir -p /data && chown stanza:stanza /data
USER stanza
CMD ["node", "--import", "tsx", "scripts/worker.ts"]

# 3. What runs (the default target): the standalone server, the static files, and the worker's sources for `npm run worker`.
FROM ${NODE_IMAGE} AS runner
WORKDIR /app
# NEXT_MANUAL_SIG_HANDLE: the app answers SIGTERM itself (lib/ops/shutdown.ts): readiness drains, requests in
# flight finish, the database is closed. HOSTNAME: server.js listens on it (all interfaces in a container).
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    NEXT_MANUAL_SIG_HANDLE=true \
    MALLOC_ARENA_MAX=2 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    DATA_DIR=/data
RUN groupadd --system --gid 1001 stanza && useradd --system --uid 1001 --gid stanza --home-dir /app stanza \
    && mkdir -p /data && chown stanza:stanza /data
COPY --from=build --chown=stanza:stanza /app/.next/standalone ./
COPY --from=build --chown=stanza:stanza /app/.next/static ./.next/static
COPY --from=build --chown=stanza:stanza /app/public ./public
USER stanza
VOLUME ["/data"]
EXPOSE 3000
# Readiness (database, storage, mail) with node itself: the slim image has no curl.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# exec form: node is PID 1 and receives SIGTERM directly.
CMD ["node", "server.js"]
