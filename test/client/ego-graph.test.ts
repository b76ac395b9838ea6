import { render } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import EgoGraph from '../../client/src/panels/EgoGraph.svelte';

describe('EgoGraph labels', () => {
  it('labels the person and as many neighbours as fit, the most influential first, with no two labels overlapping', () => {
    // 24 neighbours on one ring: their names cannot all fit under their circles.
    const people = [
      { id: 'me', label: 'Centre Person', community: 0, influence: 5 },
      ...Array.from({ length: 24 }, (_, i) => ({
        id: `n${i}`,
        label: `Neighbour Number ${i}`,
        community: i % 3,
        influence: 24 - i,
      })),
    ];
    const relationships = people.slice(1).map((p) => ({ source: p.id, target: 'me', rating: null }));
    const { container } = render(EgoGraph, { props: { center: 'me', people, relationships, onpick: () => undefined } });
    const labels = [...container.querySelectorAll('g.node')]
      .filter((g) => g.querySelector('text'))
      .map((g) => {
        const [x, y] = /translate\(([-\d.e]+) ([-\d.e]+)\)/.exec(g.getAttribute('transform')!)!.slice(1).map(Number);
        const text = g.querySelector('text')!;
        return { text: text.textContent!, x, y: y + Number(text.getAttribute('y')) };
      });
    expect(labels.map((l) => l.text)).toContain('Centre Person');
    // The most influential neighbour keeps its label; not all 24 fit.
    expect(labels.map((l) => l.text)).toContain('Neighbour Number 0');
    expect(labels.length).toBeGreaterThan(4);
    expect(labels.length).toBeLessThan(25);
    // No two labels overlap: centred text of 0.075 units, about 0.55 of that per character.
    const box = (l: (typeof labels)[number]) => ({
      left: l.x - (l.text.length * 0.075 * 0.55) / 2,
      right: l.x + (l.text.length * 0.075 * 0.55) / 2,
      top: l.y - 0.075,
      bottom: l.y + 0.015,
    });
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) {
        const [a, b] = [box(labels[i]), box(labels[j])];
        const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        expect(overlap, `${labels[i].text} and ${labels[j].text}`).toBe(false);
      }
    }
  });
});
