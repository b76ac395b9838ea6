import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchContext, BenchSection } from './section.ts';
import { advocatesSection } from './sections/advocates.ts';
import { apiSection } from './sections/api.ts';
import { engineSection } from './sections/engine.ts';
import { communitiesSection } from './sections/communities.ts';
import { reputationSection } from './sections/reputation.ts';
import { storesSection } from './sections/stores.ts';

/** Every bench section, in the order they run; issues add theirs here. */
const SECTIONS: BenchSection[] = [
  engineSection,
  communitiesSection,
  storesSection,
  advocatesSection,
  apiSection,
  reputationSection,
];

function formatTable(header: string[], rows: Array<Array<string | number>>): string {
  const cells = [
    header,
    ...rows.map((row) => row.map((cell) => (typeof cell === 'number' ? formatNumber(cell) : cell))),
  ];
  const widths = header.map((_, c) => Math.max(...cells.map((row) => String(row[c] ?? '').length)));
  return cells
    .map((row) =>
      row
        .map((cell, c) => String(cell ?? '').padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 1 ? value.toFixed(2) : value.toPrecision(3);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, datasets: { type: 'string' } } });
  const only = values.only?.split(',').map((s) => s.trim());
  const datasetsDir = resolve(values.datasets ?? '../shared/datasets');
  if (!existsSync(datasetsDir)) throw new Error(`datasets folder ${datasetsDir} not found (pass --datasets DIR)`);
  const context: BenchContext = {
    log: (line) => console.log(line),
    table: (header, rows) => console.log(formatTable(header, rows)),
    gc: () => (globalThis as { gc?: () => void }).gc?.(),
    datasetsDir,
  };
  console.log(`Sway bench — node ${process.version}, ${new Date().toISOString()}`);
  for (const section of SECTIONS) {
    if (only && !only.includes(section.id)) continue;
    console.log(`\n== ${section.title} (${section.id})`);
    await section.run(context);
  }
}

await main();
