import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { normalizePlan } from '../../client/src/controllers/plan-result.ts';
import { planCsv } from '../../client/src/lib/plan-csv.ts';
import Planner from '../../client/src/views/Planner.svelte';
import { settle, signedIn, stubApi } from './harness.ts';

const estimate = (mean: number) => ({ mean, standardError: 1, ci95: [mean - 1.96, mean + 1.96] });
// Three advocates whose reach adds 10, 5 and 2.5 people; the baselines reach less.
const plan = {
  method: 'test selection',
  model: 'ic',
  objective: 'reach',
  description: 'independent cascade, weighted cascade probabilities',
  certifiedRatio: 0.6,
  advocates: [
    { id: 'a', marginalGain: 10, cumulativeReach: 10 },
    { id: 'b', marginalGain: 5, cumulativeReach: 15 },
    { id: 'c', marginalGain: 2.5, cumulativeReach: 17.5 },
  ],
  curve: [
    { k: 1, reach: 10 },
    { k: 2, reach: 15 },
    { k: 3, reach: 17.5 },
  ],
  evaluation: { runs: 10000, reach: estimate(17.4), value: null },
  baselines: [
    { name: 'top out-degree', reach: estimate(12), value: null, curve: [{ k: 1, reach: 6 }, { k: 2, reach: 9 }, { k: 3, reach: 12 }] },
    { name: 'top influence', reach: estimate(14), value: null, curve: [{ k: 1, reach: 8 }, { k: 2, reach: 11 }, { k: 3, reach: 14 }] },
  ],
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
    'people.get.query': async ({ id }: { id: string }) => ({ person: { id, label: `Person ${id.toUpperCase()}` } }),
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
    expect(inputs).toEqual([{ k: 3, model: 'lt', objective: 'reach', excludeDetractors: true, customersOnly: true, capPerCommunity: null }]);

    server.emit({ type: 'progress', job: job('running', 0.4) });
    await settle();
    const bar = screen.getByRole('progressbar') as HTMLProgressElement;
    expect(bar.value).toBe(0.4);

    server.emit({ type: 'finished', job: job('succeeded', 1, plan) });
    await settle();
    const rows = within(screen.getByTestId('advocates-table')).getAllByRole('row').slice(1);
    expect(rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent!.trim()))).toEqual([
      ['1', 'Person A', '10', '10'],
      ['2', 'Person B', '5', '15'],
      ['3', 'Person C', '2.5', '17.5'],
    ]);
    const chart = screen.getByTestId('reach-chart');
    expect(chart.querySelectorAll('path[data-curve]')).toHaveLength(3);
    expect(chart.textContent).toContain('Top out-degree: 12');
    expect(app.explorer.highlighted?.ids).toEqual(new Set(['a', 'b', 'c']));
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('says why a job failed', async () => {
    const server = planningApi([]);
    const { context } = await signedIn('analyst', server.api);
    render(Planner, { context });
    await fireEvent.click(screen.getByRole('button', { name: 'Plan advocates' }));
    await settle();
    server.emit({ type: 'finished', job: job('failed', 0.1, null, { code: 'INVALID_OPTIONS', message: 'no eligible person under these constraints' }) });
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
      'rank,id,label,marginal_gain,cumulative_reach',
      '1,a,,10,10',
      '2,b,"Bea, ""the connector""",5,15',
      '3,c,,2.5,17.5',
    ]);
  });

  it('are refused with a clear message when malformed', () => {
    expect(() => normalizePlan({ advocates: [{ id: 'a' }] })).toThrow('advocate 1 is missing or malformed');
  });
});
