import { defineConfig } from 'vitest/config';

import { runtimeProblem } from './scripts/runtime.ts';

// Tests run on the project's own Node.js 24 (see scripts/runtime.ts); on an older one, say so first.
const problem = runtimeProblem();
if (problem !== null) throw new Error(problem);

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    // Two cores: each file may start a hub with its own embedded database; more workers only thrash.
    maxWorkers: 2,
    reporters: process.env.CI_JSON_REPORT ? ['default', ['json', { outputFile: process.env.CI_JSON_REPORT }]] : ['default'],
  },
});
