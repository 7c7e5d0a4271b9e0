// ESM-only packages (@kubernetes/client-node 1.x and its OIDC dependencies): Node 20 require()s them,
// Jest's module loader does not (before Node 24.9), so they are compiled to CommonJS for tests.
const ESM_ONLY = '(@kubernetes/client-node|openid-client|oauth4webapi|jose)';

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
    [`/node_modules/${ESM_ONLY}/.+\\.js$`]: ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!${ESM_ONLY}/)`],
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
  // Integration tests share one dev server and the machine has 2 cores: run files one at a time.
  maxWorkers: 1,
  testTimeout: 120_000,
  reporters: ['default', '<rootDir>/test/helpers/count-reporter.js'],
};
