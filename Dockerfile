# One image for the api, the worker and the migrate job (the command picks which). The workflow bundle is built
# at image build time so the worker starts without webpack.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json nest-cli.json .swcrc ./
COPY apps apps
COPY libs libs
COPY workflows workflows
COPY scripts scripts
RUN npx tsc -p tsconfig.json --noEmit \
 && node -r ts-node/register/transpile-only -r tsconfig-paths/register scripts/build-workflow-bundle.ts dist/workflow-bundle.js \
 && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production TS_NODE_TRANSPILE_ONLY=true KHFLOW_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js
WORKDIR /app
COPY --from=build /app /app
USER node
EXPOSE 3000
# ts-node in transpile-only mode runs the TypeScript sources directly (decorators need no build step this way).
ENTRYPOINT ["node", "-r", "ts-node/register/transpile-only", "-r", "tsconfig-paths/register"]
CMD ["apps/api/src/main.ts"]
