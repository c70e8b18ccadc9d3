import path from 'node:path';
import type { BundleOptions } from '@temporalio/worker';

const ROOT = path.resolve(__dirname, '../../..');

/** The tsconfig path aliases, for webpack: the workflow bundle resolves `@khflow/contracts` like tsc and Jest do. */
export function workflowAliases(): Record<string, string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { compilerOptions } = require(path.join(ROOT, 'tsconfig.json')) as { compilerOptions: { paths: Record<string, string[]> } };
  return Object.fromEntries(Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`${alias}$`, path.join(ROOT, target)]));
}

export const WORKFLOWS_PATH = path.join(ROOT, 'workflows/index.ts');

export function workflowBundleOptions(): Pick<BundleOptions, 'workflowsPath' | 'webpackConfigHook'> {
  return {
    workflowsPath: WORKFLOWS_PATH,
    webpackConfigHook: (config) => {
      config.resolve = config.resolve ?? {};
      config.resolve.alias = { ...(config.resolve.alias as Record<string, string>), ...workflowAliases() };
      return config;
    },
  };
}
