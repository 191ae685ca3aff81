// Unit tests (`*.test.ts`) need no servers; integration tests (`*.int.test.ts`, `test/**`)
// talk to the real PostgreSQL, Redis and Kafka that `scripts/infra up` starts.
const transform = { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
const common = {
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/'],
};
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{lib,gateway,subgraphs,scripts,bench}/**/*.test.ts'],
      testPathIgnorePatterns: [...common.testPathIgnorePatterns, '\\.int\\.test\\.ts$'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/**/*.int.test.ts', '<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: [...common.testPathIgnorePatterns, '<rootDir>/test/faults/'],
      slowTestThreshold: 30,
    },
    // Fault injection (test/faults): stops, pauses and restarts servers of their own
    // (`INFRA_INSTANCE=faults scripts/infra`), never the shared ones. scripts/test runs them after
    // the rest, in band; a cross-process lock keeps them one at a time in any other jest run.
    {
      ...common,
      displayName: 'faults',
      testMatch: ['<rootDir>/test/faults/**/*.test.ts'],
      globalSetup: '<rootDir>/test/faults/global-setup.ts',
      slowTestThreshold: 120,
    },
  ],
};
