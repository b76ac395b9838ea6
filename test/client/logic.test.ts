import { describe, expect, it } from 'vitest';
import { ExplorerState, NO_FILTERS, passesFilters } from '../../client/src/controllers/explorer.svelte.ts';
import { filterChoices, toDrawData } from '../../client/src/controllers/view-data.ts';
import { egoLayout } from '../../client/src/lib/ego-layout.ts';
import { formatNumber, formatPercentile } from '../../client/src/lib/format.ts';
import { communityColour, MUTED, reputationColour } from '../../client/src/lib/palette.ts';
import { niceTicks } from '../../client/src/lib/ticks.ts';

const node = { community: 1, segment: 'student', channels: ['forum', 'tiktok'], influence: 2, detractor: false };

describe('explorer filters', () => {
  it('keep a person only when every active filter agrees', () => {
    expect(passesFilters(node, NO_FILTERS)).toBe(true);
    expect(passesFilters(node, { ...NO_FILTERS, community: 1, channel: 'forum', minInfluence: 2 })).toBe(true);
    expect(passesFilters(node, { ...NO_FILTERS, community: 0 })).toBe(false);
    expect(passesFilters(node, { ...NO_FILTERS, segment: 'regular' })).toBe(false);
    expect(passesFilters(node, { ...NO_FILTERS, channel: 'youtube' })).toBe(false);
    expect(passesFilters(node, { ...NO_FILTERS, minInfluence: 2.01 })).toBe(false);
    expect(passesFilters(node, { ...NO_FILTERS, detractorsOnly: true })).toBe(false);
  });

  it('focusing a community clears the other filters and colours by community', () => {
    const state = new ExplorerState();
    state.colouring = 'reputation';
    state.setFilter('minInfluence', 3);
    state.focusCommunity(4);
    expect(state.filters).toEqual({ ...NO_FILTERS, community: 4 });
    expect(state.colouring).toBe('community');
  });

  it('asking twice to show the same person moves the camera twice', () => {
    const state = new ExplorerState();
    state.show('a');
    const first = state.focus;
    state.show('a');
    expect(state.focus).not.toBe(first);
    expect(state.focus?.id).toBe('a');
  });
});

describe('view data', () => {
  const view = {
    mode: 'top' as const,
    scoreVersion: 1,
    positions: null,
    truncated: false,
    nodes: [
      {
        id: 'a',
        label: 'Ada',
        segment: 'student',
        region: null,
        channels: ['forum'],
        customer: true,
        scores: { influence: 4, community: 1, reputation: 0.5, detractor: 0 },
      },
      {
        id: 'b',
        label: null,
        segment: null,
        region: null,
        channels: ['tiktok', 'forum'],
        customer: null,
        scores: { influence: 1, community: 0, reputation: null, detractor: 1 },
      },
    ],
    edges: [{ source: 'a', target: 'b', weight: 1 }],
  };

  it('becomes drawable nodes with the colouring columns read from the scores', () => {
    const data = toDrawData(view as never);
    expect(data.nodes).toEqual([
      {
        id: 'a',
        label: 'Ada',
        influence: 4,
        community: 1,
        reputation: 0.5,
        detractor: false,
        segment: 'student',
        channels: ['forum'],
      },
      {
        id: 'b',
        label: 'b',
        influence: 1,
        community: 0,
        reputation: null,
        detractor: true,
        segment: null,
        channels: ['tiktok', 'forum'],
      },
    ]);
    expect(filterChoices(view as never, data)).toEqual({
      communities: [0, 1],
      segments: ['student'],
      channels: ['forum', 'tiktok'],
      maxInfluence: 4,
      colourings: ['community', 'reputation', 'detractor'],
    });
  });

  it('offers only community colouring when the scores have no reputation or detractor column', () => {
    const plain = {
      ...view,
      nodes: view.nodes.map((n) => ({
        ...n,
        scores: { influence: n.scores.influence, community: n.scores.community },
      })),
    };
    expect(filterChoices(plain as never, toDrawData(plain as never)).colourings).toEqual(['community']);
  });
});

describe('ego layout', () => {
  it('puts the person in the middle, neighbours on the inner ring and their neighbours on the outer ring', () => {
    const people = ['c', 'n1', 'n2', 'f1'].map((id) => ({ id, community: null, influence: 1 }));
    const placed = egoLayout('c', people, [
      { source: 'c', target: 'n1' },
      { source: 'n2', target: 'c' },
      { source: 'n1', target: 'f1' },
    ]);
    const at = new Map(placed.map((p) => [p.person.id, p]));
    expect(at.get('c')).toMatchObject({ depth: 0, x: 0, y: 0 });
    expect(at.get('n1')!.depth).toBe(1);
    expect(at.get('n2')!.depth).toBe(1);
    expect(at.get('f1')!.depth).toBe(2);
    expect(Math.hypot(at.get('n1')!.x, at.get('n1')!.y)).toBeCloseTo(0.5);
    expect(Math.hypot(at.get('f1')!.x, at.get('f1')!.y)).toBeCloseTo(1);
  });
});

describe('formatting and colours', () => {
  it('words percentiles as a top or bottom share', () => {
    expect(formatPercentile(99.8)).toBe('top 1%');
    expect(formatPercentile(97.5)).toBe('top 3%');
    expect(formatPercentile(20)).toBe('bottom 20%');
    expect(formatPercentile(null)).toBe('—');
  });

  it('formats numbers compactly and shows missing values as a dash', () => {
    expect(formatNumber(1234567)).toBe('1.2M');
    expect(formatNumber(2.456)).toBe('2.46');
    expect(formatNumber(0.000123)).toBe('0.000123');
    expect(formatNumber(NaN)).toBe('—');
  });

  it('colours reputation red to grey to green and leaves unknowns muted', () => {
    expect(reputationColour(-1)).toBe('#d7263d');
    expect(reputationColour(0)).toBe('#c4c8d0');
    expect(reputationColour(1)).toBe('#1a9850');
    expect(reputationColour(null)).toBe(MUTED);
    expect(communityColour(0)).not.toBe(communityColour(1));
    expect(communityColour(99)).toBe(MUTED);
  });

  it('picks axis ticks of 1, 2 or 5 times a power of ten that cover the data', () => {
    expect(niceTicks(17.5, 5)).toEqual([0, 5, 10, 15, 20]);
    expect(niceTicks(1250, 5)).toEqual([0, 500, 1000, 1500]);
    expect(niceTicks(3, 8)).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3]);
  });
});
