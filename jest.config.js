// Two projects: fast pure specs next to the code, and integration/e2e suites in test/ that share one real
// Temporal dev server and one embedded PostgreSQL started by the global setup (see test/support/).
const { pathsToModuleNameMapper } = require('./scripts/paths-to-module-name-mapper');
const { compilerOptions } = require('./tsconfig.json');

const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022', keepClassNames: true } }];
// ESM-only packages in node_modules that the API loads (content-disposition 3, via @fastify/static): Node
// requires them natively, Jest's module system needs them compiled to CommonJS.
const ESM_PACKAGES = ['content-disposition'];
const swcJs = ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }];
const common = {
  transform: { '^.+\\.ts$': swc, [`node_modules/(${ESM_PACKAGES.join('|')})/.+\\.js$`]: swcJs },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, '<rootDir>/'),
  testEnvironment: 'node',
  rootDir: __dirname,
};

module.exports = {
  testTimeout: 600000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,workflows,scripts}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
