import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

/** Test files that use the shared Neo4j server (test/neo4j/server.ts). */
const NEO4J_TESTS = 'test/**/*neo4j*.test.ts';
/** Test files that run the Spark application in local mode (test/spark/app.ts): a 3 GB JVM each, one at a time. */
const SPARK_TESTS = 'test/spark/**/*.test.ts';

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // expect.poll waits for what a server or a browser computes (a list, a redrawn view): its 1 s default was too short
    // for a loaded CI machine (the communities table once took longer), and a poll ends as soon as it passes.
    expect: { poll: { timeout: 15_000 } },
    // Two cores: the heavy dataset tests should not compete with each other for memory bandwidth.
    maxWorkers: 2,
    reporters: ['default'],
    // Stops the local Neo4j server after the run if a test started it (test/neo4j/server.ts); gives the browser tests
    // one folder for the run's client build, which the first of them to need it fills (test/e2e/browser.ts).
    globalSetup: ['test/neo4j/global-setup.ts', 'test/e2e/global-setup.ts'],
    projects: [
      // Projects inherit this config and merge arrays into it, so each names its own files.
      {
        extends: true,
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'test/client/**', NEO4J_TESTS, SPARK_TESTS],
        },
      },
      // Community edition has one database, which each Neo4j suite empties first: their files run one at a time.
      { extends: true, test: { name: 'neo4j', include: [NEO4J_TESTS], fileParallelism: false } },
      // Spark in local mode on two cores: long runs, one file at a time.
      {
        extends: true,
        test: {
          name: 'spark',
          include: [SPARK_TESTS],
          fileParallelism: false,
          testTimeout: 1_800_000,
          hookTimeout: 1_800_000,
        },
      },
      // The client's component tests: Svelte compiled for the browser, run in jsdom.
      {
        extends: true,
        plugins: [svelte({ configFile: false }), svelteTesting()],
        test: { name: 'client', include: ['test/client/**/*.test.ts'], environment: 'jsdom' },
      },
    ],
  },
});
