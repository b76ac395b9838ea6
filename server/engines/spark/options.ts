import { InvalidOptionsError } from '../../../graph/errors.ts';
import { checkNumber, withDefaults } from '../../../graph/options.ts';

/** How Sway runs the Spark application (the CLI's --spark-* options, the server's engine configuration). */
export interface SparkEngineOptions {
  /** Spark master: local[N], spark://host:7077, yarn, k8s://https://host:6443. Default local[2]. */
  master: string;
  /**
   * Where the graph is written and the results come back: a local folder, or a URI the cluster reads (hdfs://,
   * s3a://, ...), which the driver stages to and from (client deploy mode). Default: a new folder in the system's
   * temporary folder, removed afterwards.
   */
  work: string | null;
  /** A graph already at this URI in the application's input format: Sway writes nothing and reads the ids back. */
  input: string | null;
  /** A spark-submit to use; default SPARK_HOME/bin/spark-submit or one on PATH, else java with the Maven classpath. */
  submit: string | null;
  /** The application jar. Default spark/target/sway-spark.jar (spark/build.sh). */
  jar: string | null;
  /** Driver memory (local mode: the whole application's heap). Default 4g. */
  driverMemory: string;
  /** Partitions of the person blocks. Default: Spark's default parallelism, at least 2. */
  partitions: number | null;
  /** More spark-submit arguments: --deploy-mode, --executor-memory 8g, --conf k=v, ... */
  submitArgs: string[];
  /** Keep the work folder (the written graph and the results) instead of removing a temporary one. */
  keepWork: boolean;
}

export const SPARK_DEFAULTS: SparkEngineOptions = {
  master: 'local[2]',
  work: null,
  input: null,
  submit: null,
  jar: null,
  driverMemory: '4g',
  partitions: null,
  submitArgs: [],
  keepWork: false,
};

export function resolveSparkOptions(given: Partial<SparkEngineOptions> | undefined): SparkEngineOptions {
  const o = withDefaults(SPARK_DEFAULTS, given, 'spark');
  if (typeof o.master !== 'string' || o.master.trim() === '')
    throw new InvalidOptionsError('spark', '"master" must name a Spark master, e.g. local[2]');
  if (!/^[0-9]+[kmgt]?$/i.test(o.driverMemory))
    throw new InvalidOptionsError('spark', `"driverMemory" must be like 4g, got "${o.driverMemory}"`);
  if (o.partitions !== null) checkNumber('spark', 'partitions', o.partitions, { min: 1, integer: true });
  if (!Array.isArray(o.submitArgs)) throw new InvalidOptionsError('spark', '"submitArgs" must be a list');
  return o;
}

/** Whether a work location is on this machine (a path or file://) rather than on the cluster's storage. */
export function isLocalUri(uri: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(uri) || uri.startsWith('file://');
}
