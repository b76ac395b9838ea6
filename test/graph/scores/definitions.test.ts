import { describe, expect, it } from 'vitest';
import { DEFAULTS as BETWEENNESS_DEFAULTS } from '../../../graph/algorithms/betweenness.ts';
import { DEFAULTS as COMMUNITY_DEFAULTS } from '../../../graph/algorithms/communities.ts';
import { DEFAULTS as NETWORK_VALUE_DEFAULTS } from '../../../graph/algorithms/diffusion/network-value.ts';
import { DEFAULTS as PAGERANK_DEFAULTS } from '../../../graph/algorithms/pagerank.ts';
import { DEFAULTS as REACH_DEFAULTS } from '../../../graph/algorithms/reach.ts';
import { DEFAULTS as FAIRNESS_GOODNESS_DEFAULTS } from '../../../graph/algorithms/reputation/fairness-goodness.ts';
import { COLUMN, FAMILY_DECLARATIONS, familyOfColumn, scoreDefinitions } from '../../../graph/scores/definitions.ts';
import { SCORE_FAMILIES } from '../../../graph/scores/registry.ts';

describe('score declarations and the registry', () => {
  it('the registry computes exactly the declared families, in the declared order, with their declarations', () => {
    expect(SCORE_FAMILIES.map((family) => family.id)).toEqual(FAMILY_DECLARATIONS.map((family) => family.id));
    for (const [i, family] of SCORE_FAMILIES.entries()) expect(family.scores).toBe(FAMILY_DECLARATIONS[i].scores);
  });

  it('COLUMN names every declared column once, and nothing else', () => {
    const declared = scoreDefinitions().map((definition) => definition.column);
    expect(new Set(declared).size).toBe(declared.length);
    expect(Object.values(COLUMN).sort()).toEqual([...declared].sort());
    expect(familyOfColumn(COLUMN.detractorReach)?.id).toBe('reputation');
  });

  it("families spread their algorithm's defaults (each default written once)", () => {
    const defaults = Object.fromEntries(SCORE_FAMILIES.map((family) => [family.id, family.defaults]));
    expect(defaults.influence).toEqual(PAGERANK_DEFAULTS);
    expect(defaults.reach).toEqual(REACH_DEFAULTS);
    expect(defaults.structure).toEqual({
      betweennessSamples: BETWEENNESS_DEFAULTS.samples,
      threads: BETWEENNESS_DEFAULTS.threads,
    });
    const { seed: _communitySeed, ...community } = COMMUNITY_DEFAULTS;
    expect(defaults.communities).toEqual(community);
    const { seed: _valueSeed, ...value } = NETWORK_VALUE_DEFAULTS;
    expect(defaults.value).toEqual(value);
    expect(defaults.reputation).toMatchObject(FAIRNESS_GOODNESS_DEFAULTS);
  });
});
