import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { curveAtEstimate, normalizePlan } from '../../client/src/lib/plan-result.ts';
import { planCsv } from '../../client/src/lib/plan-csv.ts';
import Planner from '../../client/src/views/Planner.svelte';
import { settle, signedIn, stubApi } from './harness.ts';

const estimate = (mean: number) => ({ mean, standardError: 1, ci95: [mean - 1.96, mean + 1.96] });
const spread = (mean: number) => ({
  model: 'ic',
  probability: 'wc',
  description: 'ic',
  runs: 10000,
  seed: 43,
  seedCount: 3,
  reach: estimate(mean),
  value: null,
});
// Three advocates whose reach adds 10, 5 and 2.5 people; the baselines' three reach less.
const plan = {
  model: 'ic',
  probability: 'wc',
  description: 'independent cascade, weighted cascade probabilities',
  objective: 'reach',
  unit: 'people',
  k: 3,
  advocates: [
    { rank: 1, id: 'a', mustInclude: false, marginalGain: 10, cumulative: 10, label: 'Person A' },
    { rank: 2, id: 'b', mustInclude: false, marginalGain: 5, cumulative: 15, label: 'Person B' },
    { rank: 3, id: 'c', mustInclude: true, marginalGain: 2.5, cumulative: 17.5, label: null },
  ],
  curve: [10, 15, 17.5],
  guarantee: {
    algorithm: 'OPIM-C',
    certifiedRatio: 0.6,
    statement: 'With probability 99.9%, at least 60% of the best.',
  },
  evaluation: {
    runs: 10000,
    seed: 43,
    selection: spread(17.4),
    baselines: [
      { name: 'top out-degree', description: 'the 3 with most links', ids: ['x', 'y', 'z'], spread: spread(12) },
      {
        name: 'top influence score',
        description: 'the 3 with the highest PageRank',
        ids: ['a', 'x', 'y'],
        spread: spread(15),
      },
    ],
  },
  warnings: [],
  graphVersion: 1,
  scoreVersion: 1,
};

const job = (status: string, fraction: number, result: unknown = null, error: unknown = null) => ({
  id: '6f1c1f3e-0000-4000-8000-000000000001',
  kind: 'advocates',
  status,
  progress: { fraction, phase: status === 'running' ? 'evaluate' : 'done' },
  result,
  error,
  createdAt: '',
  startedAt: null,
  finishedAt: null,
  cached: false,
});

/** A server stand-in whose progress stream is driven by the test. */
function planningApi(inputs: unknown[]) {
  let emit: ((event: unknown) => void) | null = null;
  const api = stubApi({
    'advocates.plan.mutate': async (input: unknown) => (inputs.push(input), job('queued', 0)),
    'jobs.progress.subscribe': (_input: unknown, handlers: { onData: (event: unknown) => void }) => {
      emit = handlers.onData;
      return { unsubscribe: () => (emit = null) };
    },
  });
  return { api, emit: (event: unknown) => emit?.(event) };
}

describe('Planner', () => {
  it('sends the constraints, shows progress, then the ranked table, the curves and the advocates on the graph', async () => {
    const inputs: unknown[] = [];
    const server = planningApi(inputs);
    const { app, context } = await signedIn('analyst', server.api);
    render(Planner, { context });

    await fireEvent.input(screen.getByLabelText('Advocates'), { target: { value: '3' } });
    await fireEvent.change(screen.getByLabelText('Diffusion model'), { target: { value: 'lt' } });
    await fireEvent.click(screen.getByLabelText('Customers only'));
    await fireEvent.click(screen.getByRole('button', { name: 'Plan advocates' }));
    await settle();
    expect(inputs).toEqual([
      { k: 3, model: 'lt', objective: 'reach', excludeDetractors: true, customersOnly: true, capPerCommunity: null },
    ]);

    server.emit({ type: 'progress', job: job('running', 0.4) });
    await settle();
    const bar = screen.getByRole('progressbar') as HTMLProgressElement;
    expect(bar.value).toBe(0.4);

    server.emit({ type: 'finished', job: job('succeeded', 1, plan) });
    await settle();
    const rows = within(screen.getByTestId('advocates-table')).getAllByRole('row').slice(1);
    expect(rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent!.trim()))).toEqual([
      // Expected people, one decimal everywhere (the shared number format).
      ['1', 'Person A', '10.0', '10.0'],
      ['2', 'Person B', '5.0', '15.0'],
      ['3', 'c (required)', '2.5', '17.5'],
    ]);
    expect(screen.getByTestId('gain-note').textContent!.replace(/\s+/g, ' ')).toMatch(
      /Marginal gain: the people each advocate is expected to reach beyond those above, .* never rises down the list \(required people come first\)/,
    );
    const chart = screen.getByTestId('reach-chart');
    // The curve from no advocates (no reach) through each k: a move then three segments.
    expect(chart.querySelector('path[data-curve="plan"]')!.getAttribute('d')!.split('L')).toHaveLength(4);
    expect(chart.querySelectorAll('line[data-baseline]')).toHaveLength(2);
    // The curve (10, 15, 17.5 on the validation samples) is drawn scaled to the plan's Monte Carlo total, 17.4, like
    // the baselines' levels: 9.94, 14.91, 17.4. So the first two advocates match the top out-degree's 12 but not the
    // top influence score's 15, which the samples alone would have claimed.
    expect(chart.textContent).toContain('Sway plan: 17.4');
    expect(chart.textContent).toContain('Top out-degree: 12.0 (Sway matches it with 2)');
    expect(chart.textContent).toContain('Top influence score: 15.0');
    expect(chart.textContent).not.toContain('Top influence score: 15.0 (Sway matches');
    expect(app.explorer.highlighted?.ids).toEqual(new Set(['a', 'b', 'c']));
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('says why a job failed', async () => {
    const server = planningApi([]);
    const { context } = await signedIn('analyst', server.api);
    render(Planner, { context });
    await fireEvent.click(screen.getByRole('button', { name: 'Plan advocates' }));
    await settle();
    server.emit({
      type: 'finished',
      job: job('failed', 0.1, null, { code: 'INVALID_OPTIONS', message: 'no eligible person under these constraints' }),
    });
    await settle();
    expect(screen.getByRole('alert').textContent).toContain('no eligible person under these constraints');
  });

  it('refuses a number of advocates the API would refuse, before asking it', async () => {
    const inputs: unknown[] = [];
    const { context } = await signedIn('analyst', planningApi(inputs).api);
    render(Planner, { context });
    await fireEvent.input(screen.getByLabelText('Advocates'), { target: { value: '0' } });
    await fireEvent.submit(screen.getByRole('form', { name: 'Plan advocates' }));
    expect(screen.getByRole('alert').textContent).toContain('between 1 and 500');
    expect(inputs).toEqual([]);
  });
});

describe('plan results', () => {
  it('become CSV rows with the marginal gains and cumulative reach', () => {
    const result = normalizePlan(plan);
    result.advocates[1].label = 'Bea, "the connector"';
    expect(planCsv(result).trim().split('\n')).toEqual([
      'rank,id,label,marginal_gain_people,cumulative_people',
      '1,a,Person A,10,10',
      '2,b,"Bea, ""the connector""",5,15',
      '3,c,,2.5,17.5',
    ]);
  });

  it('are refused with a clear message when malformed', () => {
    expect(() => normalizePlan({ advocates: [{ id: 'a' }] })).toThrow('advocate 1 is missing or malformed');
  });

  it('draw their reach curve at the Monte Carlo estimate of the plan, when there is one', () => {
    const simulated = { id: 'plan', label: 'Sway plan', description: '', mean: 21, low: 20, high: 22, reach: 21 };
    // 20 on the samples, 21 simulated: every point times 21 / 20.
    expect(curveAtEstimate([8, 14, 20], simulated)).toEqual([8.4, 14.700000000000001, 21]);
    expect(curveAtEstimate([8, 14, 20], null)).toEqual([8, 14, 20]);
    expect(curveAtEstimate([0, 0], simulated)).toEqual([0, 0]);
  });
});
