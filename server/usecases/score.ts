import { z } from 'zod';
import { COMMUNITY_METHODS, DEFAULTS as COMMUNITY_DEFAULTS } from '../../graph/algorithms/communities.ts';
import { throwIfAborted } from '../../graph/errors.ts';
import { DEFAULT_SEED } from '../../graph/random.ts';
import { FAMILY_DECLARATIONS } from '../../graph/scores/definitions.ts';
import type { ScoreSet } from '../../graph/scores/types.ts';
import type { IdIndex } from '../../graph/ids.ts';
import type { Engine } from '../engines/engine.ts';
import type { Hooks } from '../hooks.ts';
import type { GraphStore } from '../stores/contract.ts';
import { chosenEngine, engineFields } from './engine-choice.ts';
import { dateField, parseDate, parseOptions, retentionFields, retentionOf, seedField } from './options.ts';

const FAMILY_IDS = FAMILY_DECLARATIONS.map((family) => family.id);

/** Options of scoring (`sway score`, and what `sway rescore` and the API's scores.rescore add to). */
export const scoreOptions = z.object({
  /** Score families to compute; default all (the families they depend on are added). */
  only: z
    .array(z.string().refine((id) => FAMILY_IDS.includes(id), { message: `must be one of ${FAMILY_IDS.join(', ')}` }))
    .max(FAMILY_IDS.length)
    .optional(),
  seed: seedField.default(DEFAULT_SEED),
  /** Score the graph as it stood at this date: relationships with a later time are left out. Default: all. */
  asOf: dateField.optional(),
  /** Leave out relationships older than this many days before the as-of date. Default: none left out. */
  windowDays: z.number().positive().max(36_500).optional(),
  /** Halve a relationship's weight every this many days of age at the as-of date. Default: no decay. */
  halfLifeDays: z.number().positive().max(36_500).optional(),
  /** Days back to the window the trend columns compare with. Default: the window, or 90 days. */
  periodDays: z.number().positive().max(36_500).optional(),
  ...engineFields,
  /** How communities are found: Leiden (default; its communities are always connected) or Louvain. */
  communityMethod: z.enum(COMMUNITY_METHODS).default(COMMUNITY_DEFAULTS.method),
  /** The communities' resolution γ: higher gives more, smaller communities. */
  resolution: z.number().positive().max(1000).default(COMMUNITY_DEFAULTS.resolution),
  ...retentionFields,
});

/** The time options of a parsed score request as the engine takes them (Unix seconds, days). */
export function scoreTime(o: { asOf?: string; windowDays?: number; halfLifeDays?: number; periodDays?: number }) {
  return {
    asOf: o.asOf === undefined ? null : parseDate(o.asOf),
    windowDays: o.windowDays ?? null,
    halfLifeDays: o.halfLifeDays ?? null,
    periodDays: o.periodDays ?? null,
  };
}

export type ScoreOptions = z.input<typeof scoreOptions>;

/** The options of the score families that scoring exposes, keyed by family (the engine's request). */
export function familyOptions(
  o: Pick<z.output<typeof scoreOptions>, 'communityMethod' | 'resolution'>,
): Record<string, Record<string, unknown>> {
  return { communities: { method: o.communityMethod, resolution: o.resolution } };
}

/** Phases, in order: the engine's, then publishing. */
export type ScorePhase = 'load' | 'compute' | 'write';

export interface ScoreResult {
  version: number;
  set: ScoreSet;
  /** The set's ids as an index, to align other versions with it. */
  ids: IdIndex;
  people: number;
  relationships: number;
  phasesMs: Record<ScorePhase, number>;
}

/**
 * Scoring: the engine the options name (default local) computes the score families on the store's graph, and the set
 * is published as the store's new current score version, atomically (the store contract), recording which engine
 * computed it; the store then keeps the versions the retention options say (keepVersions, keepDays).
 */
export async function scoreStore(
  store: GraphStore,
  options: ScoreOptions,
  hooks: Hooks & { engine?: Engine } = {},
): Promise<ScoreResult> {
  const o = parseOptions(scoreOptions, options, 'scoring');
  const chosen = chosenEngine(o);
  // An engine object given by the caller (a test's, an embedding's) takes the place of the one the options name.
  const engine = hooks.engine ?? chosen.engine;
  const settings = chosen.settings;
  engine.prepare(settings);
  const computed = await engine.computeScores(
    store,
    { only: o.only, seed: o.seed, time: scoreTime(o), options: familyOptions(o), settings },
    hooks,
  );
  computed.set.meta.engine = engine.name;
  throwIfAborted(hooks.signal);
  hooks.onPhase?.('write');
  const writeStarted = performance.now();
  const version = await store.writeScoreSet(computed.set, { signal: hooks.signal, retention: retentionOf(o) });
  return {
    version,
    set: computed.set,
    ids: computed.ids,
    people: computed.people,
    relationships: computed.relationships,
    phasesMs: { ...computed.phasesMs, write: Math.round(performance.now() - writeStarted) },
  };
}
