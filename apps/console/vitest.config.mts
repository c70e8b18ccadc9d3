// Component tests of the console's pages and helpers (Vitest + Testing Library in jsdom); npm test runs them.
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: import.meta.dirname,
  resolve: { alias: { '@khflow/contracts': path.resolve(import.meta.dirname, '../../libs/contracts/src/index.ts') } },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
    restoreMocks: true,
    pool: 'threads',
    maxWorkers: 1,
    // A bound against hangs, not a timing: a loaded 2-core machine renders jsdom pages slowly.
    testTimeout: 60_000,
  },
});
