import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readSnapshot } from '../../graph/import/index.ts';
import {
  calendarYears,
  compareConsecutive,
  influenceByPeriod,
  type PeriodComparison,
  type PeriodInfluence,
} from '../../graph/scores/stability.ts';

/**
 * `npm run stability`: how stable the most influential people of Bitcoin OTC are from year to year (its ratings carry
 * times from November 2010 to January 2016). Influence is PageRank on each calendar year's ratings (who trusts whom),
 * as `sway score --window` would compute it; for each pair of consecutive years the script prints the share of the
 * top 100 found in both years' top 100, and the Spearman and Kendall (tau-b) rank correlations over the people who
 * rated or were rated in both years, then over the first year's top 100 who are still there the next year. The same
 * for the cumulative graph (everything up to the end of each year).
 *
 * Options: `--datasets DIR` (default ../shared/datasets beside the checkout), `--top K` (default 100), `--json`.
 */
const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { datasets: { type: 'string' }, top: { type: 'string' }, json: { type: 'boolean' } },
  });
  const datasets = values.datasets ? resolve(values.datasets) : resolve(REPO, '../shared/datasets');
  const file = join(datasets, 'bitcoin-otc.csv');
  if (!existsSync(file)) throw new Error(`${file} not found (pass --datasets DIR)`);
  const top = values.top === undefined ? 100 : Number(values.top);

  const snapshot = await readSnapshot(file, { format: 'signed-csv', ratingRange: [-10, 10] });
  const started = performance.now();
  const yearly = influenceByPeriod(snapshot, calendarYears(snapshot));
  const cumulative = influenceByPeriod(snapshot, calendarYears(snapshot, { cumulative: true }));
  const result = {
    people: snapshot.nodeCount,
    ratings: snapshot.edgeCount,
    top,
    yearly: { periods: yearly.map(describe), comparisons: compareConsecutive(yearly, { top }) },
    cumulative: { periods: cumulative.map(describe), comparisons: compareConsecutive(cumulative, { top }) },
    seconds: (performance.now() - started) / 1000,
  };
  if (values.json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  console.log(
    `Bitcoin OTC: ${result.people.toLocaleString('en-US')} people, ${result.ratings.toLocaleString('en-US')} ratings; influence (PageRank) per period, top ${top}`,
  );
  for (const [name, part] of [
    ['each calendar year on its own', result.yearly],
    ['cumulative, as of the end of each year', result.cumulative],
  ] as const) {
    console.log('');
    console.log(`${name}:`);
    console.log(
      `  ${part.periods.map((p) => `${p.label}: ${p.relationships.toLocaleString('en-US')} ratings, ${p.present.toLocaleString('en-US')} people`).join('; ')}`,
    );
    printTable(part.comparisons, top);
  }
  console.log('');
  console.log(`computed in ${result.seconds.toFixed(2)} s`);
}

function describe(p: PeriodInfluence) {
  return { label: p.period.label, relationships: p.relationships, present: p.present };
}

function printTable(comparisons: PeriodComparison[], top: number): void {
  const rows = [
    ['years', 'in both', `top-${top} overlap`, 'Spearman', 'Kendall', 'top still there', 'Spearman', 'Kendall'],
  ];
  for (const c of comparisons) {
    const figures = [c.spearman, c.kendall, c.topPeople, c.topSpearman, c.topKendall];
    rows.push([
      `${c.from}-${c.to}`,
      c.common.toLocaleString('en-US'),
      `${Math.round(c.topOverlap * 100)}%`,
      ...figures.map((f, k) => (k === 2 ? String(f) : f.toFixed(3))),
    ]);
  }
  const widths = rows[0].map((_, k) => Math.max(...rows.map((row) => row[k].length)));
  for (const row of rows)
    console.log(
      `  ${row
        .map((cell, k) => cell.padEnd(widths[k]))
        .join('  ')
        .trimEnd()}`,
    );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
