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
 * Whether the Spark tests can run here: Java, and the application built (spark/build.sh, which CI runs before the
 * tests). Without the jar a developer's run skips them and says how to build it; in CI (CI=true) that is an error, as
 * for the Neo4j tests. A jar older than its sources is used, with a warning: the tests never start Maven themselves.
 */
export function sparkReady(): boolean {
  if (ready !== null) return ready;
  const missing = missingSparkTools();
  const reason =
    missing.length > 0
      ? `${missing.join(' and ')} not found (install Java 17 and Maven)`
      : !existsSync(DEFAULT_JAR) || !existsSync(DEFAULT_CLASSPATH_FILE)
        ? 'the Spark application is not built (run spark/build.sh: Maven builds spark/target/sway-spark.jar)'
        : null;
  if (reason) {
    if (inCi()) throw new Error(`CI must run the Spark tests, but ${reason}`);
    console.log(`Spark parity tests skipped: ${reason}.`);
    return (ready = false);
  }
  if (
    Math.max(newest(join(SPARK_PROJECT, 'src')), newest(join(SPARK_PROJECT, 'pom.xml'))) > statSync(DEFAULT_JAR).mtimeMs
  )
    console.log(
      'Spark tests: spark/target/sway-spark.jar is older than its sources; run spark/build.sh to rebuild it.',
    );
  return (ready = true);
}

/** Spark options for the tests: local mode on two cores, as the machine has. */
export const TEST_SPARK = { master: 'local[2]', driverMemory: '3g' } as const;

/** The same as `sway` flags. */
export const TEST_SPARK_FLAGS = [
  '--engine',
  'spark',
  '--spark-master',
  TEST_SPARK.master,
  '--spark-driver-memory',
  TEST_SPARK.driverMemory,
];
