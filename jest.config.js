// ESM TypeScript under jest: ts-jest with useESM; run with NODE_OPTIONS=--experimental-vm-modules.
// Type-checking is done by `npm run typecheck`, so ts-jest only transpiles (isolatedModules).
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: false }],
  },
  moduleNameMapper: {
    '^@deploy-actions/action-kit/runner$': '<rootDir>/packages/action-kit/src/run-on-runner.ts',
    '^@deploy-actions/action-kit/action-yml$': '<rootDir>/packages/action-kit/src/action-yml.ts',
    '^@deploy-actions/([a-z-]+)$': '<rootDir>/packages/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: [
    '<rootDir>/packages/*/test/**/*.test.ts',
    '<rootDir>/actions/*/test/**/*.test.ts',
    '<rootDir>/test/**/*.test.ts',
  ],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/test/fixtures/'],
  testTimeout: 60000,
  maxWorkers: 2,
};
