import { z } from 'zod';
import { ENGINE_NAMES, engineNamed, type Engine, type EngineSettings } from '../engines/index.ts';

/**
 * Which engine computes (server/engines): the options `sway score|rescore|advocates --engine` and the server's job
 * configuration (`sway serve --engine`) share, in the use cases' schemas. The Spark settings mean nothing to the local
 * engine, and its threads nothing to Spark. The API's inputs leave them out (ENGINE_OPTION_KEYS): which engine runs,
 * where and on how many threads is the operator's choice, made once for the server's jobs.
 */
export const engineFields = {
  /** `local` (this process) or `spark` (the Spark application, spark/README.md). */
  engine: z.enum(ENGINE_NAMES).default('local'),
  /** Spark master: local[N], spark://host:7077, yarn, k8s://https://host:port. Default local[2]. */
  sparkMaster: z.string().min(1).max(1000).optional(),
  /** Where the graph and the results go: a local folder, or hdfs://, s3a://... Default a temporary folder. */
  sparkWork: z.string().min(1).max(4096).optional(),
  /** A graph already written there in the application's input format: Sway writes none (scores only). */
  sparkInput: z.string().min(1).max(4096).optional(),
  /** The spark-submit to use. Default SPARK_HOME/bin/spark-submit or one on PATH, else java in local mode. */
  sparkSubmit: z.string().min(1).max(4096).optional(),
  /** Driver memory (local mode: all of it), e.g. 4g. */
  sparkDriverMemory: z
    .string()
    .regex(/^[0-9]+[kmgt]?$/i, 'must be a size like 4g')
    .optional(),
  /** Partitions of the person blocks. Default Spark's parallelism. */
  sparkPartitions: z.number().int().min(1).max(1_000_000).optional(),
  /** Spark settings passed to spark-submit (`key=value`). */
  sparkConf: z
    .array(z.string().regex(/^[^=\s]+=/, 'must be key=value'))
    .max(200)
    .optional(),
  /** Keep the written graph and the results in the work folder. */
  sparkKeepWork: z.boolean().optional(),
  /**
   * Threads the local engine computes on, this one included. Default every core. The results are the same whatever the
   * number (graph/parallel); fewer leave cores to other work.
   */
  threads: z.number().int().min(1).max(64).optional(),
};

const engineChoice = z.object(engineFields);

/** The engine options as given (CLI, the server's configuration). */
export type EngineChoice = z.input<typeof engineChoice>;

/** The keys of the engine options, to leave them out of the API's inputs (`schema.omit(ENGINE_OPTION_KEYS)`). */
export const ENGINE_OPTION_KEYS = Object.fromEntries(Object.keys(engineFields).map((key) => [key, true])) as {
  [K in keyof typeof engineFields]: true;
};

/** The engine options checked on their own (`sway serve --engine ...`), with their defaults. */
export function parseEngineChoice(choice: EngineChoice): z.output<typeof engineChoice> {
  return engineChoice.parse(choice);
}

/** The engine the checked options name, and its own settings. */
export function chosenEngine(o: z.output<typeof engineChoice>): { engine: Engine; settings?: EngineSettings } {
  const engine = engineNamed(o.engine);
  if (o.engine !== 'spark') return { engine, settings: o.threads === undefined ? undefined : { threads: o.threads } };
  const settings: Record<string, unknown> = {
    master: o.sparkMaster,
    work: o.sparkWork,
    input: o.sparkInput,
    submit: o.sparkSubmit,
    driverMemory: o.sparkDriverMemory,
    partitions: o.sparkPartitions,
    submitArgs: o.sparkConf?.flatMap((setting) => ['--conf', setting]),
    keepWork: o.sparkKeepWork,
  };
  return { engine, settings: Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)) };
}

/** The engine options alone, from options that may hold others (what a job is given by the server). */
export function engineOptionsOf(options: Partial<Record<string, unknown>>): EngineChoice {
  return Object.fromEntries(
    Object.keys(engineFields)
      .filter((key) => options[key] !== undefined)
      .map((key) => [key, options[key]]),
  ) as EngineChoice;
}
