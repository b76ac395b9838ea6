import type { Logger } from 'pino';
import { NotFoundError } from '../../graph/errors.ts';
import { COLUMN } from '../../graph/scores/definitions.ts';
import type { ScoreSetMeta } from '../../graph/scores/types.ts';
import { loadGraph, type LoadedGraph } from '../load/graph.ts';
import type { GraphStore, StoreVersions } from '../stores/contract.ts';
import { communityLayout, type Positions } from '../views/community-layout.ts';
import { categoryColumnsOf } from '../../graph/algorithms/category-columns.ts';
import type { CategoryColumn } from '../../graph/algorithms/community-profile.ts';
import { communityProfilesOf, type CommunityProfile } from '../../graph/scores/community-profiles.ts';
import { CommunityIndex } from './community-index.ts';
import { ScoreView } from './score-view.ts';
import { VersionedSlot } from './versioned-slot.ts';

export type { CommunityProfile };

/** The most communities a drawn overview shows (graph.view's limit): the layout is made once for that many. */
export const MAX_DRAWN_COMMUNITIES = 500;

/**
 * The graph and the score version of one moment, and everything derived from them that requests reuse: the
 * community index and the communities' layout, each computed once on first use. The graph cache holds one at a time.
 */
export class CachedView {
  private communityIndex: CommunityIndex | null = null;
  private profiles: Map<number, CommunityProfile> | null = null;
  private layout: Positions | null = null;

  constructor(
    readonly graph: LoadedGraph,
    /** Null when nothing was scored yet. */
    readonly scores: ScoreView | null,
  ) {}

  /** True when the score set was computed on this very graph version (explanations are exact). */
  get scoresMatchGraph(): boolean {
    return this.scores !== null && this.scores.meta.graphVersion === this.graph.graphVersion;
  }

  /** The communities of the score version (empty without a community column). */
  communities(): CommunityIndex {
    if (!this.scores) throw new Error('no score version to index communities of');
    this.communityIndex ??= new CommunityIndex(this.graph.snapshot, this.scores);
    return this.communityIndex;
  }

  /** What each community's members share and its name (graph/scores/community-profiles.ts), by community number. */
  communityProfiles(): Map<number, CommunityProfile> {
    if (!this.scores) throw new Error('no score version to describe communities of');
    this.profiles ??= communityProfilesOf(
      this.graph.snapshot,
      this.graph.people,
      this.scores.columns,
      categoriesOf(this.graph),
    );
    return this.profiles;
  }

  /**
   * Positions of the largest MAX_DRAWN_COMMUNITIES communities (node ids `community:<n>`), laid out with their links.
   */
  communityPositions(): Positions {
    if (!this.layout) {
      const index = this.communities();
      const shown = index.communities.slice(0, MAX_DRAWN_COMMUNITIES);
      const included = new Set(shown.map((c) => c.community));
      this.layout = communityLayout(
        shown.map((c) => ({ id: communityNodeId(c.community), size: c.size })),
        index.pairs
          .filter(({ a, b }) => included.has(a) && included.has(b))
          .map(({ a, b, links }) => ({ source: communityNodeId(a), target: communityNodeId(b), weight: links })),
      );
    }
    return this.layout;
  }

  /** PageRank by snapshot index, when the score version has it. */
  get pagerank(): Float64Array | null {
    return this.scores?.columns.get(COLUMN.pagerank) ?? null;
  }
}

/** The people's categories by graph: they change with the graph, not with each score version. */
const categoriesByGraph = new WeakMap<LoadedGraph, CategoryColumn[]>();

function categoriesOf(graph: LoadedGraph): CategoryColumn[] {
  let categories = categoriesByGraph.get(graph);
  if (!categories) {
    categories = categoryColumnsOf(graph.snapshot, graph.people.values());
    categoriesByGraph.set(graph, categories);
  }
  return categories;
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Views of past score versions the cache holds at once (graph.view with a version). */
export const KEPT_VIEWS = 4;

/** How a community is named as a node of the drawn overview. */
export function communityNodeId(community: number): string {
  return `community:${community}`;
}

export interface GraphCacheOptions {
  log: Logger;
  /** How long the store's versions are trusted before asking again (other processes may publish). Default 500 ms. */
  probeMs?: number;
}

/**
 * The API's in-memory copy of the store, the one owner of what is cached per graph and score version: the snapshot with
 * people's descriptive fields, the score view aligned with it, and what is derived from both (CachedView). The store is
 * asked for its versions at most every `probeMs`, so a `sway rescore` run by cron shows up within that time; jobs of
 * this server refresh at once. While a new version loads, requests get the previous view. Erasure drops everything (no
 * stale copy may outlive it).
 */
export class GraphCache {
  private generation = 0;
  private probe: { at: number; promise: Promise<StoreVersions> } | null = null;
  private readonly slot: VersionedSlot<CachedView>;
  private readonly probeMs: number;
  /** The last graph loaded, reused by a view of a new score version on the same graph. */
  private lastGraph: { key: string; graph: LoadedGraph } | null = null;
  /**
   * Views of kept score versions other than the current one on the current graph (the explorer's time control), the
   * most recently used last, at most KEPT_VIEWS: a ScoreView is a copy of every column, so only a few are held.
   */
  private readonly keptViews = new Map<string, Promise<CachedView>>();
  /** Each kept version's meta (as of, computed at), which never changes once published. */
  private readonly metas = new Map<string, ScoreSetMeta>();
  /**
   * The store's kept score versions, read once per current score version: versions are pruned only when one is
   * published (server/stores/retention.ts), which changes the current version, and an erasure bumps the generation.
   */
  private kept: { key: string; versions: Promise<number[]> } | null = null;

  constructor(
    private readonly store: GraphStore,
    options: GraphCacheOptions,
  ) {
    this.probeMs = options.probeMs ?? 500;
    this.slot = new VersionedSlot((error: unknown) =>
      options.log.error({ err: error instanceof Error ? error.name : 'unknown' }, 'cache load failed'),
    );
  }

  versions(): Promise<StoreVersions> {
    const now = performance.now();
    if (!this.probe || now - this.probe.at > this.probeMs) {
      const promise = this.store.versions();
      this.probe = { at: now, promise };
      promise.catch(() => {
        if (this.probe?.promise === promise) this.probe = null;
      });
    }
    return this.probe.promise;
  }

  /** The current graph and score version, with what is derived from them. */
  async view(options: { fresh?: boolean } = {}): Promise<CachedView> {
    const { graphVersion, scoreVersion } = await this.versions();
    const graphKey = `${this.generation}:${graphVersion}`;
    return this.slot.get(`${graphKey}:${scoreVersion}`, () => this.load(graphKey, scoreVersion), {
      allowStale: !options.fresh,
    });
  }

  /**
   * A kept score version's scores aligned with the current graph, with what is derived from them: the current view
   * when it is the current version. People the version does not know get no value. NotFoundError for a version the
   * store does not keep.
   */
  async viewOf(version: number): Promise<CachedView> {
    const current = await this.view();
    if (current.scores?.version === version) return current;
    if (!(await this.keptVersionNumbers()).includes(version))
      throw new NotFoundError(`score version ${version} is not kept; graph.versions lists the kept ones`);
    const key = `${this.generation}:${current.graph.graphVersion}:${version}`;
    let loading = this.keptViews.get(key);
    if (loading) this.keptViews.delete(key);
    else {
      loading = ScoreView.load(this.store, current.graph, version).then(
        (scores) => new CachedView(current.graph, scores),
      );
      loading.catch(() => this.keptViews.delete(key));
    }
    this.keptViews.set(key, loading);
    for (const old of this.keptViews.keys()) if (this.keptViews.size > KEPT_VIEWS) this.keptViews.delete(old);
    return loading;
  }

  /** The kept score versions, oldest first, with their meta (read once per version, without its rows). */
  async keptVersions(): Promise<Array<{ version: number; meta: ScoreSetMeta }>> {
    const kept: Array<{ version: number; meta: ScoreSetMeta }> = [];
    for (const version of await this.keptVersionNumbers()) {
      const key = `${this.generation}:${version}`;
      let meta = this.metas.get(key);
      if (!meta) {
        // A version pruned since the list was read is left out.
        meta = (await this.store.readScores(version))?.meta;
        if (!meta) continue;
        this.metas.set(key, meta);
      }
      kept.push({ version, meta });
    }
    // Versions pruned by the retention leave the map too.
    const listed = new Set(kept.map((k) => `${this.generation}:${k.version}`));
    for (const key of this.metas.keys()) if (!listed.has(key)) this.metas.delete(key);
    return kept;
  }

  private async keptVersionNumbers(): Promise<number[]> {
    const key = `${this.generation}:${(await this.versions()).scoreVersion}`;
    if (this.kept?.key !== key) {
      const versions = this.store.scoreVersions();
      this.kept = { key, versions };
      versions.catch(() => {
        if (this.kept?.versions === versions) this.kept = null;
      });
    }
    return this.kept.versions;
  }

  /** Loads what is current now (server start, a job of this server published), so requests do not wait for it. */
  async warm(): Promise<void> {
    await this.view({ fresh: true });
  }

  /** Asks the store for its versions on the next request (after a job of this server published something). */
  refresh(): void {
    this.probe = null;
  }

  /** Drops every cached copy: after an erasure, nothing loaded before it may be served. */
  invalidate(): void {
    this.generation++;
    this.probe = null;
    this.slot.clear();
    this.lastGraph = null;
    this.keptViews.clear();
    this.metas.clear();
    this.kept = null;
  }

  private async load(graphKey: string, scoreVersion: number | null): Promise<CachedView> {
    let graph = this.lastGraph?.key === graphKey ? this.lastGraph.graph : null;
    if (!graph) {
      graph = await loadGraph(this.store, { people: true });
      this.lastGraph = { key: graphKey, graph };
    }
    const scores = scoreVersion === null ? null : await ScoreView.load(this.store, graph, scoreVersion);
    const view = new CachedView(graph, scores);
    if (scores) {
      // Most lists name each person's community: compute the index and the names before the view is served (requests
      // get the previous view meanwhile), each step between requests, rather than on the first request that needs them.
      await nextTick();
      view.communities();
      await nextTick();
      categoriesOf(graph);
      await nextTick();
      view.communityProfiles();
    }
    return view;
  }
}
