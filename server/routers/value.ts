import { z } from 'zod';
import { router, viewerProcedure } from '../app/trpc.ts';
import { personBrief, requireColumns } from './present.ts';

/** The four kinds of customer a marketer treats differently, by lifetime value against network value. */
const QUADRANTS = {
  champions: 'high value, high influence',
  valuable: 'high value, low influence',
  connectors: 'low value, high influence',
  others: 'low value, low influence',
} as const;
type Quadrant = keyof typeof QUADRANTS;

export const valueRouter = router({
  /**
   * Lifetime value against network value (the value of the customers a person's word reaches), split at the median (or
   * mean) of each: counts per quadrant over everyone, and up to `limit` points to draw (everyone when they fit;
   * otherwise the highest total values and an even sample of the rest).
   */
  quadrant: viewerProcedure
    .input(
      z
        .object({
          limit: z.number().int().min(1).max(5000).default(2000),
          split: z.enum(['median', 'mean']).default('median'),
          customersOnly: z.boolean().default(false),
        })
        .default({ limit: 2000, split: 'median', customersOnly: false }),
    )
    .query(async ({ ctx, input }) => {
      const view = await ctx.services.cache.view();
      const scores = requireColumns(view, ['clv', 'network_value'], 'value');
      const clv = scores.columns.get('clv')!;
      const network = scores.columns.get('network_value')!;
      const total = scores.columns.get('total_value');
      const eligible: number[] = [];
      for (let row = 0; row < scores.size; row++) {
        if (Number.isNaN(clv[row]) || Number.isNaN(network[row])) continue;
        if (input.customersOnly && view.graph.people.get(scores.ids[row])?.customer !== true) continue;
        eligible.push(row);
      }
      const split = (values: Float64Array) => {
        if (eligible.length === 0) return 0;
        if (input.split === 'mean') return eligible.reduce((sum, row) => sum + values[row], 0) / eligible.length;
        const sorted = Float64Array.from(eligible, (row) => values[row]).sort();
        return sorted[Math.floor((sorted.length - 1) / 2)];
      };
      const thresholds = { clv: split(clv), networkValue: split(network) };
      const quadrantOf = (row: number): Quadrant =>
        clv[row] > thresholds.clv
          ? network[row] > thresholds.networkValue
            ? 'champions'
            : 'valuable'
          : network[row] > thresholds.networkValue
            ? 'connectors'
            : 'others';
      const counts: Record<Quadrant, number> = { champions: 0, valuable: 0, connectors: 0, others: 0 };
      for (const row of eligible) counts[quadrantOf(row)]++;
      const totalOf = (row: number) => (total && !Number.isNaN(total[row]) ? total[row] : clv[row] + network[row]);
      let shown = eligible;
      if (eligible.length > input.limit) {
        const ranked = [...eligible].sort(
          (a, b) => totalOf(b) - totalOf(a) || (scores.ids[a] < scores.ids[b] ? -1 : 1),
        );
        const head = Math.ceil(input.limit / 2);
        const rest = ranked.slice(head);
        const step = rest.length / (input.limit - head);
        shown = [
          ...ranked.slice(0, head),
          ...Array.from({ length: input.limit - head }, (_, k) => rest[Math.floor(k * step)]),
        ];
      }
      return {
        scoreVersion: scores.version,
        split: input.split,
        thresholds,
        quadrants: Object.entries(QUADRANTS).map(([id, label]) => ({
          id: id as Quadrant,
          label,
          count: counts[id as Quadrant],
        })),
        people: eligible.length,
        sampled: shown.length < eligible.length,
        points: shown.map((row) => ({
          ...personBrief(view, scores.ids[row]),
          clv: clv[row],
          networkValue: network[row],
          totalValue: totalOf(row),
          quadrant: quadrantOf(row),
        })),
      };
    }),
});
