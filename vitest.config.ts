import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

/** Test files that use the shared Neo4j server (test/neo4j/server.ts). */
const NEO4J_TESTS = 'test/**/*neo4j*.test.ts';

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores: the heavy dataset tests should not compete with each other for memory bandwidth.
    maxWorkers: 2,
    reporters: ['default'],
    // Stops the local Neo4j server after the run if a test started it (test/neo4j/server.ts).
    globalSetup: ['test/neo4j/global-setup.ts'],
    projects: [
      // Projects inherit this config and merge arrays into it, so each names its own files.
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'test/client/**', NEO4J_TESTS],
        },
      },
      // Community edition has one database, which each Neo4j suite empties first: their files run one at a time.
      { extends: true, test: { name: 'neo4j', include: [NEO4J_TESTS], fileParallelism: false } },
      // The client's component tests: Svelte compiled for the browser, run in jsdom.
      {
        extends: true,
        plugins: [svelte({ configFile: false }), svelteTesting()],
        test: { name: 'client', include: ['test/client/**/*.test.ts'], environment: 'jsdom' },
      },
    ],
  },
});
