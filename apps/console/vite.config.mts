// The web console: built into apps/console/dist and served by the API at /console/ (npm start and npm test build it).
import path from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  resolve: { alias: { '@khflow/contracts': path.resolve(import.meta.dirname, '../../libs/contracts/src/index.ts') } },
  esbuild: { jsx: 'automatic' },
  build: { outDir: path.resolve(import.meta.dirname, 'dist'), emptyOutDir: true, sourcemap: true },
  logLevel: 'warn',
});
