import type { Logger } from 'pino';
import type { GraphStore, StoreCounts } from '../stores/contract.ts';
import { loadGraphView, type GraphView } from './graph-view.ts';
import { ScoreView } from './score-view.ts';
import { VersionedSlot } from './versioned-slot.ts';

/** The snapshot and the score view of one moment, with the mapping from snapshot index to score row. */
export interface AlignedView {
  graph: GraphView;
  scores: ScoreView | null;
  /** Score row of each snapshot index (-1 for people without scores); null without scores. */
  rowOfIndex: Int32Array | null;
  /** PageRank by snapshot index, when the current score set has it. */
  pagerank: Float64Array | null;
  /** True when the score set was computed on this very graph version (explanations are exact). */
  scoresMatchGraph: boolean;
}

export interface GraphCacheOptions {
  log: Logger;
  /** How long the store's versions are trusted before asking again (other processes may publish). Default 500 ms. */
  probeMs?: number;
}

/**
 * The API's in-memory copy of the store: a snapshot keyed by graph version and a score view keyed by score version.
 * The store is asked for its versions at most every `probeMs`, so a `sway rescore` run by cron shows up within that
 * time; jobs of this server refresh at once. Erasure drops everything (no stale copy may outlive it).
 */
export class GraphCache {
  private generation = 0;
  private probe: { at: number; promise: Promise<StoreCounts> } | null = null;
  private readonly graphSlot: VersionedSlot<GraphView>;
  private readonly scoreSlot: VersionedSlot<ScoreView>;
  private aligned: { graph: GraphView; scores: ScoreView | null; view: AlignedView } | null = null;
  private readonly probeMs: number;

  constructor(
    private readonly store: GraphStore,
    private readonly options: GraphCacheOptions,
  ) {
    this.probeMs = options.probeMs ?? 500;
    const logError = (error: unknown) =>
      options.log.error({ err: error instanceof Error ? error.name : 'unknown' }, 'cache load failed');
    this.graphSlot = new VersionedSlot(logError);
    this.scoreSlot = new VersionedSlot(logError);
  }

  versions(): Promise<StoreCounts> {
    const now = performance.now();
    if (!this.probe || now - this.probe.at > this.probeMs) {
      const promise = this.store.counts();
      this.probe = { at: now, promise };
      promise.catch(() => {
        if (this.probe?.promise === promise) this.probe = null;
      });
    }
    return this.probe.promise;
  }

  async graph(): Promise<GraphView> {
    const { graphVersion } = await this.versions();
    return this.graphSlot.get(`${this.generation}:${graphVersion}`, () => loadGraphView(this.store), {
      allowStale: true,
    });
  }

  /** The current score version's view, or null when nothing was scored yet. */
  async scores(): Promise<ScoreView | null> {
    const { scoreVersion } = await this.versions();
    if (scoreVersion === null) return null;
    return this.scoreSlot.get(`${this.generation}:${scoreVersion}`, () => this.loadScores(scoreVersion), {
      allowStale: true,
    });
  }

  async view(): Promise<AlignedView> {
    const [graph, scores] = await Promise.all([this.graph(), this.scores()]);
    if (this.aligned?.graph === graph && this.aligned.scores === scores) return this.aligned.view;
    const view = align(graph, scores);
    this.aligned = { graph, scores, view };
    return view;
  }

  /** Loads what is current now (server start), so the first requests do not wait. */
  async warm(): Promise<void> {
    await this.view();
  }

  /** Asks the store for its versions on the next request (after a job of this server published something). */
  refresh(): void {
    this.probe = null;
  }

  /** Drops every cached copy: after an erasure, nothing loaded before it may be served. */
  invalidate(): void {
    this.generation++;
    this.probe = null;
    this.graphSlot.clear();
    this.scoreSlot.clear();
    this.aligned = null;
  }

  private async loadScores(version: number): Promise<ScoreView> {
    const table = await this.store.readScores(version);
    if (!table) throw new Error(`score version ${version} disappeared while loading`);
    return ScoreView.load(table);
  }
}

function align(graph: GraphView, scores: ScoreView | null): AlignedView {
  const { snapshot } = graph;
  if (!scores) return { graph, scores, rowOfIndex: null, pagerank: null, scoresMatchGraph: false };
  const n = snapshot.nodeCount;
  const rowOfIndex = new Int32Array(n);
  for (let i = 0; i < n; i++) rowOfIndex[i] = scores.row(snapshot.ids.idOf(i));
  const column = scores.columns.get('pagerank');
  let pagerank: Float64Array | null = null;
  if (column) {
    pagerank = new Float64Array(n);
    for (let i = 0; i < n; i++) pagerank[i] = rowOfIndex[i] >= 0 ? column[rowOfIndex[i]] : 0;
  }
  return { graph, scores, rowOfIndex, pagerank, scoresMatchGraph: scores.meta.graphVersion === graph.graphVersion };
}
