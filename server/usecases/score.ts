import { z } from 'zod';
import { COMMUNITY_METHODS, DEFAULTS as COMMUNITY_DEFAULTS } from '../../graph/algorithms/communities.ts';
import { throwIfAborted } from '../../graph/errors.ts';
import { DEFAULT_SEED } from '../../graph/random.ts';
import { FAMILY_DECLARATIONS } from '../../graph/scores/definitions.ts';
import type { ScoreSet } from '../../graph/scores/types.ts';
import type { IdIndex } from '../../graph/ids.ts';
import { DEFAULT_ENGINE } from '../engines/index.ts';
import type { Engine } from '../engines/engine.ts';
import type { Hooks } from '../hooks.ts';
import type { GraphStore } from '../stores/contract.ts';
import { parseOptions, seedField } from './options.ts';

const FAMILY_IDS = FAMILY_DECLARATIONS.map((family) => family.id);

/** Options of scoring (`sway score`, and what `sway rescore` and the API's scores.rescore add to). */
export const scoreOptions = z.object({
  /** Score families to compute; default all (the families they depend on are added). */
  only: z
    .array(z.string().refine((id) => FAMILY_IDS.includes(id), { message: `must be one of ${FAMILY_IDS.join(', ')}` }))
    .max(FAMILY_IDS.length)
    .optional(),
  seed: seedField.default(DEFAULT_SEED),
  /** How communities are found: Leiden (default; its communities are always connected) or Louvain. */
  communityMethod: z.enum(COMMUNITY_METHODS).default(COMMUNITY_DEFAULTS.method),
  /** The communities' resolution γ: higher gives more, smaller communities. */
  resolution: z.number().positive().max(1000).default(COMMUNITY_DEFAULTS.resolution),
});

export type ScoreOptions = z.input<typeof scoreOptions>;

/** The options of the score families that scoring exposes, keyed by family (the engine's request). */
export function familyOptions(o: z.output<typeof scoreOptions>): Record<string, Record<string, unknown>> {
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
 * Scoring: the engine (default local) computes the score families on the store's graph, and the set is published as
 * the store's new current score version, atomically (the store contract).
 */
export async function scoreStore(
  store: GraphStore,
  options: ScoreOptions,
  hooks: Hooks & { engine?: Engine } = {},
): Promise<ScoreResult> {
  const o = parseOptions(scoreOptions, options, 'scoring');
  const engine = hooks.engine ?? DEFAULT_ENGINE;
  const computed = await engine.computeScores(store, { only: o.only, seed: o.seed, options: familyOptions(o) }, hooks);
  throwIfAborted(hooks.signal);
  hooks.onPhase?.('write');
  const writeStarted = performance.now();
  const version = await store.writeScoreSet(computed.set, { signal: hooks.signal });
  return {
    version,
    set: computed.set,
    ids: computed.ids,
    people: computed.people,
    relationships: computed.relationships,
    phasesMs: { ...computed.phasesMs, write: Math.round(performance.now() - writeStarted) },
  };
}
