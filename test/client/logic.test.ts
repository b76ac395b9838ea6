import { describe, expect, it } from 'vitest';
import { ExplorerState, NO_FILTERS, passesFilters } from '../../client/src/controllers/explorer.svelte.ts';
import { filterChoices, toDrawData } from '../../client/src/controllers/view-data.ts';
import { egoLayout } from '../../client/src/lib/ego-layout.ts';
import { LabelPlacer } from '../../client/src/lib/label-placer.ts';
import { LayoutSettling } from '../../client/src/lib/layout-settling.ts';
import { communityColour, MUTED, reputationColour } from '../../client/src/lib/palette.ts';
import { logTicks, niceTicks } from '../../client/src/lib/ticks.ts';

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

  it('closing the person panel drops the request to show them, so no view drawn later looks for them', () => {
    const state = new ExplorerState();
    state.show('a');
    state.select(null);
    expect(state.focus).toBeNull();
    state.show('b');
    state.select('c'); // another person's panel: the camera request stays until it is served
    expect(state.focus?.id).toBe('b');
  });
});

describe('labels and layout', () => {
  it('places a label only where it overlaps none placed in the same frame, unless forced', () => {
    const placer = new LabelPlacer();
    expect(placer.place({ x: 0, y: 0, width: 100, height: 14 })).toBe(true);
    // "Ben L." over "Rosa V.": the second starts inside the first.
    expect(placer.place({ x: 60, y: 8, width: 100, height: 14 })).toBe(false);
    expect(placer.place({ x: 0, y: 30, width: 100, height: 14 })).toBe(true);
    expect(placer.place({ x: 50, y: 5, width: 40, height: 14 }, true)).toBe(true);
    placer.reset();
    expect(placer.place({ x: 60, y: 8, width: 100, height: 14 })).toBe(true);
  });

  it('says a layout has settled once the nodes barely move for two samples in a row', () => {
    const settling = new LayoutSettling(0.002, 2);
    const at = (shift: number) => Float64Array.from([0, 0, 100, 0, 0, 100, 100 + shift, 100 + shift]);
    expect(settling.sample(at(0))).toBe(false); // nothing to compare with yet
    expect(settling.sample(at(20))).toBe(false); // moving: a mean move of 7 on an extent of 120
    expect(settling.sample(at(20.1))).toBe(false); // calm once
    expect(settling.sample(at(20.2))).toBe(true); // calm twice
    expect(new LayoutSettling().sample(Float64Array.from([]))).toBe(false);
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
        communityName: 'student · forum',
        segment: 'student',
        region: null,
        channels: ['forum'],
        customer: true,
        scores: { influence: 4, community: 1, reputation: 0.5, detractor: 0 },
      },
      {
        id: 'b',
        label: null,
        communityName: null,
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
        communityName: 'student · forum',
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
        communityName: null,
        reputation: null,
        detractor: true,
        segment: null,
        channels: ['tiktok', 'forum'],
      },
    ]);
    expect(filterChoices(view as never, data)).toEqual({
      communities: [0, 1],
      communityNames: new Map([[1, 'student · forum']]),
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

  it("sizes people by one channel's influence when the view was drawn for a channel (absent there: smallest)", () => {
    const forum = {
      ...view,
      sizeColumn: 'influence__forum',
      nodes: [
        { ...view.nodes[0], scores: { ...view.nodes[0].scores, influence__forum: null } },
        { ...view.nodes[1], scores: { ...view.nodes[1].scores, influence__forum: 7.5 } },
      ],
    };
    expect(toDrawData(forum as never).nodes.map((n) => [n.id, n.influence])).toEqual([
      ['a', 0],
      ['b', 7.5],
    ]);
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

describe('colours and ticks', () => {
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

  it('puts logarithmic ticks at 0 and the powers of ten, not at 10^k - 1', () => {
    expect(logTicks(15_000)).toEqual([0, 1, 10, 100, 1000, 10_000]);
    expect(logTicks(100_000)).toEqual([0, 1, 10, 100, 1000, 10_000, 100_000]);
    expect(logTicks(0.5)).toEqual([0]);
  });
});
