import { stringify } from 'csv-stringify/browser/esm/sync';
import type { PlanResult } from './plan-result.ts';

/** The ranked advocates as CSV: one row each, gains and cumulative reach in the plan's unit (people or value). */
export function planCsv(plan: PlanResult): string {
  return stringify(
    plan.advocates.map((a) => [a.rank, a.id, a.label ?? '', a.marginalGain, a.cumulative]),
    { header: true, columns: ['rank', 'id', 'label', `marginal_gain_${plan.unit}`, `cumulative_${plan.unit}`] },
  );
}

/** Offers text as a file download (an object URL on a temporary link). */
export function download(filename: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
