import { Option, type Command } from 'commander';
import { checkNumber } from '../../graph/options.ts';
import { checkEngine, ENGINES, type EngineConfig } from '../../server/engines/config.ts';
import { SPARK_DEFAULTS } from '../../server/engines/spark/index.ts';

export interface EngineCliOptions {
  engine: string;
  sparkMaster: string;
  sparkWork?: string;
  sparkInput?: string;
  sparkSubmit?: string;
  sparkDriverMemory: string;
  sparkPartitions?: string;
  sparkConf: string[];
  sparkKeepWork?: boolean;
}

/** Adds --engine and the --spark-* options, shared by the commands that compute scores or advocates. */
export function withEngineOptions(command: Command, { input = true } = {}): Command {
  command
    .addOption(
      new Option('--engine <engine>', 'who computes: Sway itself, or the Spark application (spark/README.md)')
        .choices(ENGINES)
        .default('local'),
    )
    .option(
      '--spark-master <url>',
      'Spark master: local[N], spark://host:7077, yarn, k8s://https://host:port',
      SPARK_DEFAULTS.master,
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
    .option('--spark-driver-memory <size>', 'driver memory (local mode: all of it)', SPARK_DEFAULTS.driverMemory)
    .option('--spark-partitions <n>', "partitions of the person blocks (default Spark's parallelism)")
    .option(
      '--spark-conf <key=value>',
      'a Spark setting passed to spark-submit (repeatable)',
      (value: string, all: string[]) => [...all, value],
      [],
    )
    .option('--spark-keep-work', 'keep the written graph and the results in the work folder');
}

/** The engine the options choose, checked before any work starts. */
export function engineFromCli(options: EngineCliOptions): EngineConfig {
  const engine = checkEngine(options.engine);
  if (engine === 'local') return { engine };
  return {
    engine,
    spark: {
      master: options.sparkMaster,
      work: options.sparkWork ?? null,
      input: options.sparkInput ?? null,
      submit: options.sparkSubmit ?? null,
      driverMemory: options.sparkDriverMemory,
      partitions:
        options.sparkPartitions === undefined
          ? null
          : checkNumber('--spark-partitions', 'partitions', Number(options.sparkPartitions), { min: 1, integer: true }),
      submitArgs: options.sparkConf.flatMap((setting) => ['--conf', setting]),
      keepWork: options.sparkKeepWork ?? false,
    },
  };
}
