// Jest runs the TypeScript sources as ESM (Inversify 8 and p-retry are ESM only).
// Type checking is `npm run typecheck`'s job: tsconfig's isolatedModules makes ts-jest transpile only, which keeps runs fast.
const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testEnvironment: 'node',
};

export default {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    // The whole service started in the test process on the in-memory adapters, over real HTTP.
    { ...shared, displayName: 'component', testMatch: ['<rootDir>/test/component/**/*.test.ts'] },
    { ...shared, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    // The TypeScript client (clients/typescript) against the service started in the test process.
    { ...shared, displayName: 'client', testMatch: ['<rootDir>/clients/typescript/test/**/*.test.ts'] },
    // The component suites once more, with the service on PostgreSQL instead of the in-memory adapters.
    {
      ...shared,
      displayName: 'component-on-postgres',
      testMatch: ['<rootDir>/test/component/**/*.test.ts'],
      setupFiles: ['<rootDir>/test/support/use-postgres.cjs'],
    },
  ],
};
