import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // End-to-end tests spawn processes (the answer-key proof runs python3 once per snippet):
    // on a busy two-core machine they need more than the default.
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // End-to-end tests spawn the built binary; two cores, so keep the pool small.
    maxWorkers: 2,
    // Files in a worker share loaded modules instead of importing everything again for each
    // file: that import was about half the CPU time of the unit and prompt tests. The settings
    // modules keep for the process are reset before each file (tests/setup-globals.ts).
    isolate: false,
    setupFiles: ['tests/setup-globals.ts'],
  },
});
