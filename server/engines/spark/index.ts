import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  evaluationFor,
  guaranteeStatement,
  resolveAdvocateOptions,
  type AdvocateOptions,
  type AdvocateResult,
} from '../../../graph/algorithms/advocates/select.ts';
import { evaluationWarnings } from '../../../graph/algorithms/advocates/evaluation.ts';
import { resolveRules } from '../../../graph/algorithms/advocates/rules.ts';
import { describeProbability, diffusionGraph } from '../../../graph/algorithms/diffusion/probabilities.ts';
import { ComputationFailedError, InvalidOptionsError, throwIfAborted } from '../../../graph/errors.ts';
import { DEFAULT_SEED } from '../../../graph/random.ts';
import { familyOptionsOf, selectFamilies, type ComputeScoresOptions } from '../../../graph/scores/compute.ts';
import type { ScoreSet } from '../../../graph/scores/types.ts';
import type { Snapshot } from '../../../graph/snapshot.ts';
import { writeGraphFiles } from './graph-files.ts';
import { chooseLauncher, runApplication, type AppEvent, type Launcher } from './launch.ts';
import { isLocalUri, resolveSparkOptions, type SparkEngineOptions } from './options.ts';
import { readAppMeta, readScoreFiles } from './read-scores.ts';

export { SPARK_DEFAULTS, type SparkEngineOptions } from './options.ts';
export { missingSparkTools, type AppEvent } from './launch.ts';

/**
 * The Spark engine: Sway's score families and advocate selection computed by the Spark application (spark/), with the
 * local engine's definitions, and returned in the local engine's shapes (a ScoreSet, an AdvocateResult) so that the
 * same use cases publish them. Sway writes the graph (graph-files.ts), starts the application (launch.ts), relays its
 * progress and reads its results back; cancellation stops the application.
 */
export interface SparkScoreOptions extends ComputeScoresOptions {
  spark?: Partial<SparkEngineOptions>;
  /** Each JSON line of the application (stages and tasks), for logs and job events. */
  onSparkEvent?: (event: AppEvent) => void;
}

/** Where one run's files go: the graph, the results, and (for a cluster URI) the local folders the driver stages. */
interface Workspace {
  input: string;
  output: string;
  /** Local folder the results are read from. */
  localOutput: string;
  /** Local folder the graph is written to (null when the graph is already there). */
  localGraph: string | null;
  /** A cluster URI: the driver uploads localGraph to input and downloads output to localOutput. */
  remote: boolean;
  cleanup(): void;
}

function workspace(o: SparkEngineOptions): Workspace {
  const temporary = o.work === null;
  const work = o.work ?? mkdtempSync(join(tmpdir(), 'sway-spark-'));
  const remote = !isLocalUri(work);
  const stage = remote ? mkdtempSync(join(tmpdir(), 'sway-spark-stage-')) : null;
  const localWork = remote ? stage! : work.startsWith('file://') ? fileURLToPath(work) : resolve(work);
  mkdirSync(localWork, { recursive: true });
  const base = remote ? work.replace(/\/+$/, '') : localWork;
  return {
    input: o.input ?? `${base}/graph`,
    output: `${base}/output`,
    localOutput: join(localWork, 'output'),
    localGraph: o.input ? null : join(localWork, 'graph'),
    remote,
    cleanup() {
      if (stage) rmSync(stage, { recursive: true, force: true });
      if (temporary && !o.keepWork) rmSync(localWork, { recursive: true, force: true });
    },
  };
}

function appArguments(
  task: 'scores' | 'advocates',
  launcher: Launcher,
  o: SparkEngineOptions,
  ws: Workspace,
  params: object,
): string[] {
  const args = [task, '--input', ws.input, '--output', ws.output, '--params', JSON.stringify(params)];
  if (launcher.kind === 'java') args.push('--master', o.master);
  if (o.partitions !== null) args.push('--partitions', String(o.partitions));
  if (ws.remote && ws.localGraph) args.push('--upload', ws.localGraph);
  if (ws.remote) args.push('--download', ws.localOutput);
  return args;
}

export interface SparkTimings {
  /** Writing the graph files. */
  writeGraphMs: number;
  /** The application, from start to exit (its own load phase included). */
  sparkMs: number;
  /** Reading the results back. */
  readMs: number;
}

/** The families the Spark application computes; the time and channel families run on the local engine only. */
export const SPARK_FAMILY_IDS: readonly string[] = [
  'influence',
  'reach',
  'structure',
  'communities',
  'value',
  'reputation',
];

/** The families a Spark run computes: those asked for (with what they depend on), or every one Spark computes. */
function sparkFamilies(only: string[] | undefined) {
  const selected = selectFamilies(only && only.length > 0 ? only : [...SPARK_FAMILY_IDS]);
  const missing = selected.filter((family) => !SPARK_FAMILY_IDS.includes(family.id)).map((family) => family.id);
  if (missing.length > 0) {
    throw new InvalidOptionsError(
      'spark',
      `the Spark engine computes ${SPARK_FAMILY_IDS.join(', ')}; ${missing.join(' and ')} need the local engine`,
    );
  }
  return selected;
}

/**
 * Computes score families on Spark. `snapshot` is the graph Sway loaded (written for the application, ids known);
 * null with `spark.input` for a graph already on the cluster (ids read back from the results).
 */
export async function computeScoresOnSpark(
  snapshot: Snapshot | null,
  options: SparkScoreOptions = {},
): Promise<ScoreSet & { timings: SparkTimings }> {
  const o = resolveSparkOptions(options.spark);
  if (!snapshot && !o.input)
    throw new InvalidOptionsError('spark', 'a graph is needed: a snapshot, or "input" naming one already written');
  const selected = sparkFamilies(options.only);
  const seed = options.seed ?? DEFAULT_SEED;
  const familyOptions: Record<string, Record<string, unknown>> = {};
  for (const family of selected) familyOptions[family.id] = familyOptionsOf(family, options.options);
  // The application finds communities by Louvain with synchronous local moving, whatever method was asked for; the
  // options recorded with the set say Louvain, and its summary says which variant.
  if (familyOptions.communities) familyOptions.communities.method = 'louvain';
  const launcher = chooseLauncher(o);
  const ws = workspace(o);
  try {
    let started = performance.now();
    options.onProgress?.({ family: selected[0].id, fraction: 0, overall: 0 });
    if (snapshot && ws.localGraph) await writeGraphFiles(snapshot, ws.localGraph, options.signal);
    throwIfAborted(options.signal);
    const writeGraphMs = Math.round(performance.now() - started);
    started = performance.now();
    const families = selected.map((f) => f.id);
    const params = { families, seed, options: familyOptions, writeIds: !snapshot, dedupe: !!o.input };
    await runApplication(launcher, appArguments('scores', launcher, o, ws, params), {
      signal: options.signal,
      onEvent: (event) => {
        options.onSparkEvent?.(event);
        if (event.sway !== 'family') return;
        const position = families.indexOf(event.family);
        if (position >= 0)
          options.onProgress?.({
            family: event.family,
            fraction: event.fraction,
            overall: (position + event.fraction) / families.length,
          });
      },
    });
    const sparkMs = Math.round(performance.now() - started);
    started = performance.now();
    const meta = readAppMeta(ws.localOutput);
    const read = await readScoreFiles(join(ws.localOutput, 'scores'), snapshot?.nodeCount ?? null, !snapshot);
    const readMs = Math.round(performance.now() - started);
    const n = snapshot?.nodeCount ?? read.ids!.length;
    for (const family of selected) {
      for (const definition of family.scores) {
        const column = read.columns[definition.column];
        if (!column || column.length !== n)
          throw new ComputationFailedError(
            `spark: the application did not write column "${definition.column}" for every person`,
          );
      }
    }
    const ids = snapshot ? Array.from({ length: n }, (_, i) => snapshot.ids.idOf(i)) : read.ids!;
    const durationsMs = meta.durationsMs as Record<string, number>;
    return {
      ids,
      columns: Object.fromEntries(selected.flatMap((f) => f.scores.map((d) => [d.column, read.columns[d.column]]))),
      meta: {
        engine: 'spark',
        engineDetails: {
          sparkVersion: meta.sparkVersion,
          master: meta.master,
          partitions: meta.partitions,
          people: meta.people,
          relationships: meta.relationships,
          launcher: launcher.kind,
          // Where the graph and the results stay (null: a temporary folder, removed).
          input: o.keepWork || o.work !== null || o.input !== null ? ws.input : null,
          output: o.keepWork || o.work !== null ? ws.output : null,
          applicationLoadMs: meta.loadMs,
          applicationWriteMs: meta.writeMs,
          writeGraphMs,
          sparkMs,
          readMs,
        },
        graphVersion: options.graphVersion ?? 0,
        computedAt: new Date().toISOString(),
        families,
        options: { seed, ...familyOptions },
        summary: meta.summary as ScoreSet['meta']['summary'],
        durationsMs,
      },
      timings: { writeGraphMs, sparkMs, readMs },
    };
  } finally {
    ws.cleanup();
  }
}

export interface SparkAdvocateOptions extends AdvocateOptions {
  spark?: Partial<SparkEngineOptions>;
  onSparkEvent?: (event: AppEvent) => void;
}

/**
 * Selects advocates on Spark (RR sets sampled by executors, greedy and bounds on the driver) and evaluates them with
 * Sway's own Monte Carlo, like a local selection: the result has the shape selectAdvocates returns.
 */
export async function selectAdvocatesOnSpark(
  snapshot: Snapshot,
  options: SparkAdvocateOptions = {},
): Promise<AdvocateResult & { timings: AdvocateResult['timings'] & SparkTimings }> {
  const { spark, onSparkEvent, ...advocateOptions } = options;
  const settings = resolveAdvocateOptions(snapshot, advocateOptions);
  const { o, k, model, probability, epsilon, delta, objective, seed, maxRRSets, minRRSets } = settings;
  const s = resolveSparkOptions(spark);
  if (s.input)
    throw new InvalidOptionsError('spark', 'advocates read the graph Sway loaded; "input" applies to scores');
  const rules = resolveRules(snapshot, k, o, 'advocates');
  const launcher = chooseLauncher(s);
  const ws = workspace(s);
  try {
    let started = performance.now();
    await writeGraphFiles(snapshot, ws.localGraph!, o.signal);
    const hasReputation = !!o.reputation;
    const hasCommunities = !!o.communities;
    if (hasReputation || hasCommunities)
      writeColumns(join(ws.localGraph!, 'columns.csv'), snapshot.nodeCount, o.reputation, o.communities);
    throwIfAborted(o.signal);
    const writeGraphMs = Math.round(performance.now() - started);
    started = performance.now();
    const params = {
      k,
      model,
      probability: describeProbability(probability),
      epsilon,
      delta,
      objective,
      seed,
      maxRRSets,
      minRRSets,
      // People by index: the ids stay with Sway.
      byIndex: true,
      exclude: (o.exclude ?? []).map((id) => String(snapshot.indexOfOrThrow(id, 'advocates'))),
      mustInclude: (o.mustInclude ?? []).map((id) => String(snapshot.indexOfOrThrow(id, 'advocates'))),
      excludeDetractors: o.excludeDetractors,
      sentimentBelow: o.sentimentBelow,
      reputationBelow: o.reputationBelow,
      customersOnly: o.customersOnly,
      capPerCommunity: o.capPerCommunity,
      hasReputation,
      hasCommunities,
      columns: hasReputation || hasCommunities ? `${ws.input}/columns.csv` : '',
    };
    await runApplication(launcher, appArguments('advocates', launcher, s, ws, params), {
      signal: o.signal,
      onEvent: (event) => {
        onSparkEvent?.(event);
        if (event.sway === 'family' && event.family === 'selecting')
          o.onProgress?.({ phase: 'selecting', fraction: event.fraction });
      },
    });
    const sparkMs = Math.round(performance.now() - started);
    started = performance.now();
    const chosen = JSON.parse(readFileSync(join(ws.localOutput, 'advocates.json'), 'utf8')) as SparkSelection;
    const readMs = Math.round(performance.now() - started);
    const seeds = Int32Array.from(chosen.advocates, (a) => a.index);
    const graph = diffusionGraph(snapshot, model, probability);
    const evaluationStarted = performance.now();
    const evaluation = evaluationFor(snapshot, graph, seeds, rules, settings);
    const g = chosen.guarantee;
    return {
      model,
      probability: describeProbability(probability),
      description: graph.description,
      objective,
      unit: chosen.unit,
      k,
      advocates: chosen.advocates.map((a) => ({ ...a, id: snapshot.ids.idOf(a.index) })),
      curve: chosen.curve,
      guarantee: { algorithm: 'OPIM-C', ...g, statement: guaranteeStatement(k, chosen.unit, g.delta, g) },
      rr: chosen.rr,
      evaluation,
      excluded: rules.excluded,
      warnings: [...rules.warnings, ...chosen.warnings, ...evaluationWarnings(evaluation, chosen.unit)],
      timings: {
        selectionMs: chosen.timings.selectionMs,
        evaluationMs: performance.now() - evaluationStarted,
        writeGraphMs,
        sparkMs,
        readMs,
      },
    };
  } finally {
    ws.cleanup();
  }
}

/** advocates.json as the application writes it. */
type SparkSelection = Pick<AdvocateResult, 'advocates' | 'curve' | 'rr' | 'excluded' | 'warnings' | 'unit'> & {
  ruleWarnings: string[];
  guarantee: Omit<AdvocateResult['guarantee'], 'algorithm' | 'statement'>;
  timings: { selectionMs: number };
};

/** Reputation and community by person index, for the constraints that read the current scores. */
function writeColumns(
  path: string,
  n: number,
  reputation: ArrayLike<number> | null,
  communities: ArrayLike<number> | null,
): void {
  const lines = ['index,reputation,community'];
  const text = (values: ArrayLike<number> | null, i: number) =>
    values && !Number.isNaN(values[i]) ? String(values[i]) : '';
  for (let i = 0; i < n; i++) lines.push(`${i},${text(reputation, i)},${text(communities, i)}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** A line of Spark progress as a progress detail ("influence · Spark: 320 of 400 tasks"); null for other lines. */
export function sparkProgressDetail(event: AppEvent): string | null {
  if (event.sway !== 'tasks' && event.sway !== 'stage') return null;
  return `${event.family} · Spark: ${event.tasksDone.toLocaleString('en-US')} of ${event.tasksTotal.toLocaleString('en-US')} tasks`;
}
