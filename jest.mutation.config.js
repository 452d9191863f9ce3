// The suite StrykerJS runs against each mutant (npm run test:mutation): the tests of the core
// itself (test/unit/domain and test/unit/application), which run it on the in-memory adapters
// without booting a service, so that a mutant costs a second, not a service start-up.
import base from './jest.config.js';

const unit = base.projects.find((project) => project.displayName === 'unit');

export default {
  ...unit,
  rootDir: '.',
  displayName: 'core',
  testMatch: ['<rootDir>/test/unit/domain/**/*.test.ts', '<rootDir>/test/unit/application/**/*.test.ts'],
};
