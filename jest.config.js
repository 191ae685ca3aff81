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
      slowTestThreshold: 30,
    },
  ],
};
