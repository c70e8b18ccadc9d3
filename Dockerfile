# One image for the API, the worker and the migrate job (the command picks which): compiled JavaScript from dist/
# (`npm run build`: tsc, the workflow bundle prebuilt, the web console), run with plain node. tsconfig-paths maps the
# @khflow/* aliases to the compiled libraries (dist/tsconfig.json); ts-node is not used at run time.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json .swcrc ./
COPY apps apps
COPY libs libs
COPY workflows workflows
COPY scripts scripts
RUN node scripts/bootstrap.mjs build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production TS_NODE_PROJECT=/app/dist/tsconfig.json KHFLOW_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
USER node
EXPOSE 3000
# The tracing preload starts OpenTelemetry only when OTEL_EXPORTER_OTLP_ENDPOINT is set.
ENTRYPOINT ["node", "-r", "tsconfig-paths/register", "-r", "./dist/libs/observability/src/tracing.register.js"]
CMD ["dist/apps/api/src/main.js"]
