import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // PDF builds run in child processes; keep them from competing for the two cores.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
