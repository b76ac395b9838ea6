import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { CancelledError, ComputationFailedError, InvalidOptionsError, SwayError } from '../../../graph/errors.ts';

/** The project's spark/ folder: the application's Maven build. */
export const SPARK_PROJECT = resolve(import.meta.dirname, '../../../spark');
export const DEFAULT_JAR = join(SPARK_PROJECT, 'target', 'sway-spark.jar');
/** Written by spark/build.sh: the full classpath (Spark, Scala) for runs without spark-submit. */
export const DEFAULT_CLASSPATH_FILE = join(SPARK_PROJECT, 'target', 'classpath.txt');
export const MAIN_CLASS = 'sway.spark.Main';

/**
 * The JVM options Spark needs on Java 17 (the module openings Spark's own launcher adds, JavaModuleOptions in
 * spark-launcher), for runs that start the JVM without spark-submit.
 */
export const JAVA_17_OPTIONS = [
  '-XX:+IgnoreUnrecognizedVMOptions',
  ...[
    'java.lang',
    'java.lang.invoke',
    'java.lang.reflect',
    'java.io',
    'java.net',
    'java.nio',
    'java.util',
    'java.util.concurrent',
    'java.util.concurrent.atomic',
    'jdk.internal.ref',
    'sun.nio.ch',
    'sun.nio.cs',
    'sun.security.action',
    'sun.util.calendar',
  ].map((pkg) => `--add-opens=java.base/${pkg}=ALL-UNNAMED`),
  '--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED',
  '-Djdk.reflect.useDirectMethodHandle=false',
  '-Dio.netty.tryReflectionSetAccessible=true',
];

export interface Launcher {
  /** `spark-submit` (a cluster or a local Spark installation) or `java` (local mode with the Maven classpath). */
  kind: 'spark-submit' | 'java';
  command: string;
  /** Arguments before the application's own. */
  prefix: string[];
}

export interface LauncherOptions {
  master: string;
  /** A spark-submit to use; null looks for SPARK_HOME/bin/spark-submit and then PATH; 'none' forces java. */
  submit: string | null;
  jar: string | null;
  driverMemory: string;
  /** More spark-submit arguments (--deploy-mode, --executor-memory, --conf k=v, ...). */
  submitArgs: readonly string[];
}

/** How to start the application: spark-submit when one is given or found, else java with the Maven classpath. */
export function chooseLauncher(options: LauncherOptions): Launcher {
  const jar = options.jar ?? DEFAULT_JAR;
  if (!existsSync(jar)) {
    throw new SwayError(
      'INVALID_OPTIONS',
      `spark: the Spark application is not built (${jar} is missing): run spark/build.sh (Java 17 and Maven)`,
    );
  }
  const submit = options.submit === 'none' ? null : (options.submit ?? findSparkSubmit());
  if (submit) {
    return {
      kind: 'spark-submit',
      command: submit,
      prefix: [
        '--master',
        options.master,
        '--class',
        MAIN_CLASS,
        '--driver-memory',
        options.driverMemory,
        ...options.submitArgs,
        jar,
      ],
    };
  }
  if (!/^local(\[[0-9*]+(,[0-9]+)?\])?$/.test(options.master)) {
    throw new InvalidOptionsError(
      'spark',
      `master "${options.master}" needs spark-submit (give --spark-submit or set SPARK_HOME); without it only local[N] runs`,
    );
  }
  if (!existsSync(DEFAULT_CLASSPATH_FILE)) {
    throw new SwayError('INVALID_OPTIONS', `spark: ${DEFAULT_CLASSPATH_FILE} is missing: run spark/build.sh`);
  }
  const classpath = [jar, readFileSync(DEFAULT_CLASSPATH_FILE, 'utf8').trim()].join(delimiter);
  return {
    kind: 'java',
    command: javaCommand(),
    prefix: [`-Xmx${options.driverMemory}`, ...JAVA_17_OPTIONS, '-cp', classpath, MAIN_CLASS],
  };
}

function findSparkSubmit(): string | null {
  const home = process.env.SPARK_HOME;
  if (home && existsSync(join(home, 'bin', 'spark-submit'))) return join(home, 'bin', 'spark-submit');
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'spark-submit'))) return join(dir, 'spark-submit');
  }
  return null;
}

function javaCommand(): string {
  const home = process.env.JAVA_HOME;
  return home && existsSync(join(home, 'bin', 'java')) ? join(home, 'bin', 'java') : 'java';
}

/** Whether this machine can run the application locally: a java, and Maven to build it. */
export function missingSparkTools(): string[] {
  const missing: string[] = [];
  if (spawnSync(javaCommand(), ['-version'], { stdio: 'ignore' }).status !== 0) missing.push('java');
  if (!existsSync(DEFAULT_JAR) && spawnSync('mvn', ['-v'], { stdio: 'ignore' }).status !== 0) missing.push('mvn');
  return missing;
}

/** One JSON line of the application (Progress.scala): "sway" says what it is. */
export type AppEvent =
  | { sway: 'family'; family: string; fraction: number }
  | {
      sway: 'stage';
      family: string;
      stage: number;
      stagesDone: number;
      tasksDone: number;
      tasksTotal: number;
      failed: boolean;
    }
  | { sway: 'tasks'; family: string; tasksDone: number; tasksTotal: number }
  | { sway: 'error'; kind: 'options' | 'failure'; message: string }
  | { sway: 'done'; ms: number };

export interface RunOptions {
  signal?: AbortSignal;
  onEvent?: (event: AppEvent) => void;
}

/**
 * Runs the application to the end, relaying its JSON lines. Cancelled (signal), it stops the process (spark-submit
 * execs the driver's JVM, so in local and client deploy mode the application ends with it), SIGTERM then SIGKILL after
 * 10 s; the same happens when this process exits first. A Ctrl-C at a terminal reaches both, as they share a process
 * group. The process's standard error (Spark's log) is kept, and its tail is quoted when the run fails.
 */
export function runApplication(launcher: Launcher, args: readonly string[], options: RunOptions = {}): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    if (options.signal?.aborted) {
      reject(new CancelledError('cancelled before Spark started'));
      return;
    }
    const child = spawn(launcher.command, [...launcher.prefix, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const onExit = (): void => {
      child.kill('SIGKILL');
    };
    process.on('exit', onExit);
    let failure: string | null = null;
    let log = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      log = (log + text).slice(-20_000);
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith('{"sway"')) return;
      let event: AppEvent;
      try {
        event = JSON.parse(line) as AppEvent;
      } catch {
        return;
      }
      if (event.sway === 'error') failure = event.kind === 'options' ? `spark: ${event.message}` : event.message;
      options.onEvent?.(event);
    });
    let killTimer: NodeJS.Timeout | null = null;
    const stop = (): void => {
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      killTimer.unref();
    };
    options.signal?.addEventListener('abort', stop, { once: true });
    child.on('error', (error) => {
      process.off('exit', onExit);
      options.signal?.removeEventListener('abort', stop);
      reject(new SwayError('INVALID_OPTIONS', `spark: could not start ${launcher.command}: ${error.message}`));
    });
    child.on('close', (code, signalName) => {
      process.off('exit', onExit);
      options.signal?.removeEventListener('abort', stop);
      if (killTimer) clearTimeout(killTimer);
      if (options.signal?.aborted) reject(new CancelledError('the Spark application was stopped'));
      else if (code === 0) resolvePromise();
      else if (code === 2 && failure) reject(new InvalidOptionsError('spark', failure.replace(/^spark: /, '')));
      else {
        const tail = log.trim().split('\n').slice(-15).join('\n');
        reject(
          new ComputationFailedError(
            `spark: the application failed (${signalName ?? `exit code ${code}`}): ${failure ?? 'see its log'}\n${tail}`,
          ),
        );
      }
    });
  });
}
