import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores: the heavy dataset tests should not compete with each other for memory bandwidth.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
