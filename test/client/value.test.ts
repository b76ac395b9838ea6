import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import Value from '../../client/src/views/Value.svelte';
import { settle, signedIn, stubApi } from './harness.ts';

const point = (id: string, clv: number, networkValue: number, quadrant: string) => ({
  id,
  label: `Person ${id}`,
  influence: 1,
  influenceScore: 50,
  community: 0,
  clv,
  networkValue,
  totalValue: clv + networkValue,
  quadrant,
});
const quadrants = {
  scoreVersion: 1,
  split: 'median',
  thresholds: { clv: 100, networkValue: 50 },
  quadrants: [
    { id: 'champions', label: 'high value, high influence', count: 1 },
    { id: 'valuable', label: 'high value, low influence', count: 1 },
    { id: 'connectors', label: 'low value, high influence', count: 1 },
    { id: 'others', label: 'low value, low influence', count: 1 },
  ],
  people: 4,
  sampled: false,
  points: [
    point('a', 900, 400, 'champions'),
    point('b', 500, 10, 'valuable'),
    point('c', 20, 300, 'connectors'),
    point('d', 5, 1, 'others'),
  ],
};

describe('Value', () => {
  it('draws every person, labels the four quadrants with their counts, and opens a person on click', async () => {
    const { app, context } = await signedIn('viewer', stubApi({ 'value.quadrant.query': async () => quadrants }));
    render(Value, { context });
    await settle();
    const svg = screen.getByTestId('value-scatter');
    const circles = svg.querySelectorAll('circle');
    expect(circles).toHaveLength(4);
    for (const label of [
      'high value, high influence · 1',
      'high value, low influence · 1',
      'low value, high influence · 1',
      'low value, low influence · 1',
    ]) {
      expect(svg.textContent).toContain(label);
    }
    // Higher lifetime value is further right, higher network value further up.
    const [a, b, c] = [...circles].map((circle) => ({
      x: Number(circle.getAttribute('cx')),
      y: Number(circle.getAttribute('cy')),
    }));
    expect(a.x).toBeGreaterThan(b.x);
    expect(b.x).toBeGreaterThan(c.x);
    expect(a.y).toBeLessThan(c.y);
    expect(c.y).toBeLessThan(b.y);
    await fireEvent.click(circles[2]);
    expect(app.explorer.selected).toBe('c');
    // The keyboard way in: the most valuable people of each quadrant are buttons.
    await fireEvent.click(screen.getByRole('button', { name: 'Person b' }));
    expect(app.explorer.selected).toBe('b');
  });

  it('shows the reason when the scores have no value columns', async () => {
    const { TRPCClientError } = await import('@trpc/client');
    const message = 'The current score version has no clv, network_value columns: re-score with the "value" family.';
    const api = stubApi({
      'value.quadrant.query': async () => {
        throw new TRPCClientError(message, {
          result: { error: { message, code: -32012, data: { code: 'PRECONDITION_FAILED' } } },
        });
      },
    });
    const { context } = await signedIn('viewer', api);
    render(Value, { context });
    await settle();
    expect(screen.getByRole('alert').textContent).toContain('re-score with the "value" family');
  });
});
