import type { AdvocatePlan } from '../../../server/usecases/advocates.ts';

/**
 * An advocate plan as the planner shows it. The job's result crosses the API as `unknown` (jobs carry any kind of
 * result), so it is checked against the advocates task's AdvocatePlan and reshaped here once; the table, chart and CSV
 * read only this.
 */
export interface Advocate {
  rank: number;
  id: string;
  label: string | null;
  mustInclude: boolean;
  /** What adding this advocate adds to the expected objective (people, or value). */
  marginalGain: number;
  /** Expected objective of the advocates up to this one. */
  cumulative: number;
}

/** An independent Monte Carlo estimate of a seed set's spread, with its 95% confidence interval, in the plan's unit. */
export interface Evaluation {
  id: string;
  label: string;
  description: string;
  mean: number;
  low: number;
  high: number;
  /** People reached (the same as mean when the unit is people). */
  reach: number;
}

export interface PlanResult {
  advocates: Advocate[];
  /** curve[i]: expected objective of the first i + 1 advocates. */
  curve: number[];
  unit: 'people' | 'value';
  objective: 'reach' | 'value';
  /** The selection evaluated by simulation, independently of how it was chosen; null when not evaluated. */
  evaluation: Evaluation | null;
  /** The same number of people chosen the usual ways (top out-degree, top influence score), evaluated the same way. */
  baselines: Evaluation[];
  runs: number;
  certifiedRatio: number | null;
  /** The guarantee in words, as the algorithm states it. */
  guarantee: string;
  /** The diffusion model in words. */
  description: string;
  warnings: string[];
}

function fail(what: string): never {
  throw new Error(`${what} is missing or malformed`);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

type Spread = NonNullable<AdvocatePlan['evaluation']>['selection'];

function evaluation(
  spread: unknown,
  unit: 'people' | 'value',
  id: string,
  label: string,
  description: string,
  what: string,
): Evaluation {
  if (!isObject(spread)) fail(what);
  const s = spread as unknown as Spread;
  const estimate = unit === 'value' ? s.value : s.reach;
  if (!isObject(estimate) || !isNumber(estimate.mean) || !Array.isArray(estimate.ci95) || !isNumber(s.reach?.mean))
    fail(what);
  const [low, high] = estimate.ci95;
  return {
    id,
    label,
    description,
    mean: estimate.mean,
    low: isNumber(low) ? low : estimate.mean,
    high: isNumber(high) ? high : estimate.mean,
    reach: s.reach.mean,
  };
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Checks the job's result and reshapes it for the screen; a clear error says what is wrong with an unexpected one. */
export function normalizePlan(result: unknown): PlanResult {
  if (!isObject(result)) fail('the plan');
  const plan = result as Partial<AdvocatePlan>;
  const unit = plan.unit === 'value' ? 'value' : 'people';
  if (!Array.isArray(plan.advocates)) fail('the advocates');
  const advocates = plan.advocates.map((entry, i): Advocate => {
    const a = entry as unknown as Record<string, unknown>;
    if (typeof a.id !== 'string' || !isNumber(a.marginalGain) || !isNumber(a.cumulative)) fail(`advocate ${i + 1}`);
    return {
      rank: isNumber(a.rank) ? a.rank : i + 1,
      id: a.id,
      label: typeof a.label === 'string' ? a.label : null,
      mustInclude: a.mustInclude === true,
      marginalGain: a.marginalGain,
      cumulative: a.cumulative,
    };
  });
  if (!Array.isArray(plan.curve) || !plan.curve.every(isNumber)) fail('the reach curve');
  const evaluated = plan.evaluation ?? null;
  return {
    advocates,
    curve: plan.curve,
    unit,
    objective: plan.objective === 'value' ? 'value' : 'reach',
    evaluation: evaluated
      ? evaluation(evaluated.selection, unit, 'plan', 'Sway plan', plan.description ?? '', 'the evaluation of the plan')
      : null,
    baselines: (evaluated?.baselines ?? []).map((b, i) =>
      evaluation(
        b.spread,
        unit,
        `baseline-${i}`,
        capitalised(String(b.name)),
        String(b.description ?? ''),
        `the evaluation of baseline ${i + 1}`,
      ),
    ),
    runs: evaluated && isNumber(evaluated.runs) ? evaluated.runs : 0,
    certifiedRatio: isNumber(plan.guarantee?.certifiedRatio) ? plan.guarantee.certifiedRatio : null,
    guarantee: typeof plan.guarantee?.statement === 'string' ? plan.guarantee.statement : '',
    description: typeof plan.description === 'string' ? plan.description : '',
    warnings: Array.isArray(plan.warnings) ? plan.warnings.filter((w): w is string => typeof w === 'string') : [],
  };
}

/**
 * The reach curve as the chart draws it, next to Monte Carlo levels: the curve comes from the validation samples (RR
 * sets), the baselines and the plan's own total from the independent simulation, and the two estimates of the plan's
 * total differ by sampling noise (on the demo network 982.5 against 1,008.9). Drawn as is, the curve can end under a
 * baseline that the simulation puts the plan above. So, when the plan was simulated, the curve is scaled to end at the
 * simulated total: its shape (what each advocate adds) from the samples, its level from the same estimator as the
 * baselines'. Without a simulation the curve is drawn as computed.
 */
export function curveAtEstimate(curve: number[], evaluation: Evaluation | null): number[] {
  const total = curve.length > 0 ? curve[curve.length - 1] : 0;
  if (!evaluation || !(total > 0)) return curve;
  const factor = evaluation.mean / total;
  return curve.map((v) => v * factor);
}
