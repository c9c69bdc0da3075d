import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests start child processes and servers; give them room on 2-core machines.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
