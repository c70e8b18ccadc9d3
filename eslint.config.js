// Flat ESLint config. The block for workflows/ is the important one: workflow code is replayed, so it may import
// only @temporalio/workflow and the pure libs, and must not reach for Node built-ins, I/O, clocks or randomness
// (the sandbox would replace some of them silently, which hides the mistake instead of reporting it).
const tseslint = require('typescript-eslint');
const { builtinModules } = require('node:module');

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

module.exports = tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', '.tools/**', '.data/**', '.bench/**', 'coverage/**', 'apps/console/dist/**'],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    // The persistence boundary: SQL lives in repositories in libs/persistence (issue 12): the API, the worker, the
    // workflows and the pure rules never issue a query themselves. Tests and benchmarks may still query directly
    // (they measure and inspect the database itself); scripts administer it (CREATE DATABASE).
    files: ['**/*.ts'],
    ignores: ['libs/persistence/**', 'test/**', 'bench/**', 'scripts/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='query']", message: 'SQL belongs in a repository in libs/persistence (libs/persistence/src/<feature>/<feature>.repository.ts).' },
      ],
    },
  },
  {
    // HTTP tests read JSON bodies of many shapes.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Workflow code is replayed: no Node built-ins (use an activity).' })),
          patterns: [
            {
              regex: '^(?!@temporalio/workflow$|@khflow/contracts$|@khflow/domain$|async-mutex$|\\./|\\.\\./).*',
              message: 'workflows/ may import only @temporalio/workflow, @khflow/contracts, @khflow/domain, async-mutex (the handlers\' mutex) and its own files.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() or condition() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use sleep() in a loop from @temporalio/workflow.' },
        { name: 'fetch', message: 'I/O belongs in an activity.' },
        { name: 'process', message: 'Workflow code must not read the environment.' },
        { name: 'require', message: 'Use static imports.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Non-deterministic: derive values from workflow input or use uuid4() from @temporalio/workflow.' },
        { object: 'Date', property: 'now', message: 'Use workflowInfo()/the workflow clock deliberately, passed to pure functions as `now`.' },
      ],
    },
  },
  {
    // The pure libs are bundled into workflows too: same restrictions on I/O.
    files: ['libs/contracts/src/**/*.ts', 'libs/domain/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Pure libs are bundled into workflows: no Node built-ins.' })),
          patterns: [{ regex: '^(?!@temporalio/workflow$|@khflow/contracts$|@khflow/domain$|\\./|\\.\\./).*', message: 'Pure libs import only each other (and @temporalio/workflow, for message definitions).' }],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Pure rules are deterministic.' },
        { object: 'Date', property: 'now', message: 'Time is passed in.' },
      ],
    },
  },
);
