import type { AdvocatePlan } from '../../../server/jobs/tasks/advocates-task.ts';

/**
 * An advocate plan as the planner shows it. The job's result crosses the API as `unknown` (jobs carry any kind of
 * result), so it is checked and reshaped here once; the table, chart and CSV read only this.
 */
export interface Advocate {
  rank: number;
  id: string;
  /** Filled in when the plan or a later look-up names the person. */
  label: string | null;
  /** What adding this advocate adds to the expected reach (people). */
  marginalGain: number;
  /** Expected reach of the first `rank` advocates together. */
  cumulative: number;
}

export interface CurvePoint {
  k: number;
  reach: number;
}

/** Expected reach after the first k advocates chosen one way (at some k, not necessarily every one). */
export interface Curve {
  id: string;
  label: string;
  points: CurvePoint[];
}

/** An independent Monte Carlo estimate of a seed set's spread with its 95% confidence interval. */
export interface Evaluation {
  id: string;
  label: string;
  reach: { mean: number; low: number; high: number };
  value: { mean: number; low: number; high: number } | null;
}

export interface PlanResult {
  advocates: Advocate[];
  plan: Curve;
  baselines: Curve[];
  evaluations: Evaluation[];
  runs: number;
  /** The approximation ratio the algorithm certified, when it reports one. */
  certifiedRatio: number | null;
  method: string;
  /** The diffusion model in words, as the server describes it. */
  description: string;
  objective: 'reach' | 'value';
}

function fail(what: string): never {
  throw new Error(`${what} is missing or malformed`);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function curvePoints(value: unknown, what: string): CurvePoint[] {
  if (!Array.isArray(value)) fail(what);
  return value.map((point) => (isObject(point) && isNumber(point.k) && isNumber(point.reach) ? { k: point.k, reach: point.reach } : fail(what)));
}

function estimate(value: unknown, what: string) {
  if (!isObject(value) || !isNumber(value.mean) || !Array.isArray(value.ci95)) fail(what);
  const [low, high] = value.ci95 as unknown[];
  return { mean: value.mean, low: isNumber(low) ? low : value.mean, high: isNumber(high) ? high : value.mean };
}

const CAPITALISED = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Checks the job's result against the plan the server's advocates task returns and reshapes it for the screen. */
export function normalizePlan(result: unknown): PlanResult {
  if (!isObject(result)) fail('the plan');
  const plan = result as Partial<AdvocatePlan> & Record<string, unknown>;
  if (!Array.isArray(plan.advocates)) fail('the advocates');
  const advocates = plan.advocates.map((entry, i): Advocate => {
    const a = entry as unknown as Record<string, unknown>;
    if (typeof a.id !== 'string' || !isNumber(a.marginalGain) || !isNumber(a.cumulativeReach)) fail(`advocate ${i + 1}`);
    return { rank: i + 1, id: a.id, label: typeof a.label === 'string' ? a.label : null, marginalGain: a.marginalGain, cumulative: a.cumulativeReach };
  });
  const baselines = Array.isArray(plan.baselines) ? plan.baselines : [];
  const evaluation = isObject(plan.evaluation) ? plan.evaluation : fail('the evaluation');
  return {
    advocates,
    plan: { id: 'plan', label: 'Sway plan', points: curvePoints(plan.curve, 'the reach curve') },
    baselines: baselines.map((b, i) => ({
      id: `baseline-${i}`,
      label: CAPITALISED(typeof b.name === 'string' ? b.name : `baseline ${i + 1}`),
      points: curvePoints(b.curve, `the curve of baseline ${i + 1}`),
    })),
    evaluations: [
      { id: 'plan', label: 'Sway plan', reach: estimate(evaluation.reach, 'the plan evaluation'), value: evaluation.value ? estimate(evaluation.value, 'the plan value') : null },
      ...baselines.map((b, i) => ({
        id: `baseline-${i}`,
        label: CAPITALISED(b.name),
        reach: estimate(b.reach, `the evaluation of baseline ${i + 1}`),
        value: b.value ? estimate(b.value, `the value of baseline ${i + 1}`) : null,
      })),
    ],
    runs: isNumber(evaluation.runs) ? evaluation.runs : 0,
    certifiedRatio: isNumber(plan.certifiedRatio) ? plan.certifiedRatio : null,
    method: typeof plan.method === 'string' ? plan.method : '',
    description: typeof plan.description === 'string' ? plan.description : '',
    objective: plan.objective === 'value' ? 'value' : 'reach',
  };
}
