import { Option, type Command } from 'commander';
import { ENGINE_NAMES } from '../../server/engines/index.ts';
import { SPARK_DEFAULTS } from '../../server/engines/spark/options.ts';
import { z } from 'zod';
import { engineFields, type EngineChoice } from '../../server/usecases/engine-choice.ts';
import { numberFlag, parseFlags } from './flags.ts';

/** The --engine and --spark-* flags as commander gives them. */
export interface EngineCliOptions {
  engine?: string;
  sparkMaster?: string;
  sparkWork?: string;
  sparkInput?: string;
  sparkSubmit?: string;
  sparkDriverMemory?: string;
  sparkPartitions?: string;
  sparkConf?: string[];
  sparkKeepWork?: boolean;
  threads?: string;
}

/**
 * Adds --engine and the --spark-* flags to a command that computes scores or advocates (the engine options of the use
 * cases, server/usecases/engine-choice.ts). `input: false` leaves out --spark-input (advocates read the graph Sway
 * loaded).
 */
export function withEngineOptions(command: Command, { input = true } = {}): Command {
  command
    .addOption(
      new Option('--engine <engine>', 'who computes: Sway itself, or the Spark application (spark/README.md)')
        .choices(ENGINE_NAMES)
        .default('local'),
    )
    .option(
      '--spark-master <url>',
      `Spark master: local[N], spark://host:7077, yarn, k8s://https://host:port (default ${SPARK_DEFAULTS.master})`,
    )
    .option(
      '--spark-work <uri>',
      'where the graph and results go: a local folder, or hdfs://, s3a:// (default a temporary folder)',
    );
  if (input)
    command.option(
      '--spark-input <uri>',
      "a graph already written there (the application's input format): Sway writes none",
    );
  return command
    .option(
      '--spark-submit <path>',
      'the spark-submit to use (default SPARK_HOME/bin/spark-submit or PATH; without one, local mode through java)',
    )
    .option(
      '--spark-driver-memory <size>',
      `driver memory (local mode: all of it; default ${SPARK_DEFAULTS.driverMemory})`,
    )
    .option('--spark-partitions <n>', "partitions of the person blocks (default Spark's parallelism)")
    .option(
      '--spark-conf <key=value>',
      'a Spark setting passed to spark-submit (repeatable)',
      (value: string, all: string[] = []) => [...all, value],
    )
    .option('--spark-keep-work', 'keep the written graph and the results in the work folder')
    .option(...THREADS_FLAG);
}

/** --threads, for the engine's commands and `sway spread`. */
export const THREADS_FLAG = [
  '--threads <n>',
  'threads to compute on, 1 to 64 (default every core); the results are the same whatever the number',
] as const;

/** --threads checked as the engine options check it (exit 2 naming the flag), for a command without an engine. */
export function threadsFlag(text: string | undefined, command: string): number | undefined {
  return parseFlags(
    z.object({ threads: engineFields.threads }),
    { threads: numberFlag(text) },
    command,
    {},
    { threads: text },
  ).threads;
}

/** The engine flags as the use cases' schemas take them (they check them, with the other options). */
export function engineFlags(options: EngineCliOptions): EngineChoice & Record<string, unknown> {
  return {
    engine: options.engine as EngineChoice['engine'],
    sparkMaster: options.sparkMaster,
    sparkWork: options.sparkWork,
    sparkInput: options.sparkInput,
    sparkSubmit: options.sparkSubmit,
    sparkDriverMemory: options.sparkDriverMemory,
    sparkPartitions: numberFlag(options.sparkPartitions),
    sparkConf: options.sparkConf,
    sparkKeepWork: options.sparkKeepWork,
    threads: numberFlag(options.threads),
  };
}
