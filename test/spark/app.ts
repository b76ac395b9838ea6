import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CLASSPATH_FILE, DEFAULT_JAR, SPARK_PROJECT } from '../../server/engines/spark/launch.ts';
import { missingSparkTools } from '../../server/engines/spark/index.ts';

const inCi = () => process.env.CI === 'true' || process.env.CI === '1';

/** The newest modification time under a folder (the application's sources and its pom). */
function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

let ready: boolean | null = null;

/**
 * Whether the Spark tests can run here: Java, and the application built (spark/build.sh runs when the jar is missing or
 * older than its sources). Without Java or Maven a developer's run skips them and says so; in CI (CI=true) that is an
 * error, as for the Neo4j tests.
 */
export function sparkReady(): boolean {
  if (ready !== null) return ready;
  const missing = missingSparkTools();
  if (missing.length > 0) {
    const reason = `${missing.join(' and ')} not found`;
    if (inCi()) throw new Error(`CI must run the Spark tests, but ${reason} (install Java 17 and Maven)`);
    console.log(`Spark tests skipped: ${reason}. Install Java 17 and Maven to run them.`);
    ready = false;
    return ready;
  }
  const stale =
    !existsSync(DEFAULT_JAR) ||
    !existsSync(DEFAULT_CLASSPATH_FILE) ||
    Math.max(newest(join(SPARK_PROJECT, 'src')), newest(join(SPARK_PROJECT, 'pom.xml'))) >
      statSync(DEFAULT_JAR).mtimeMs;
  if (stale) execFileSync(join(SPARK_PROJECT, 'build.sh'), { stdio: 'inherit' });
  ready = true;
  return ready;
}

/** Spark options for the tests: local mode on two cores, as the machine has. */
export const TEST_SPARK = { master: 'local[2]', driverMemory: '3g' } as const;
