import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { BenchContext, BenchSection } from './section.ts';
import { advocatesSection } from './sections/advocates.ts';
import { apiSection } from './sections/api.ts';
import { engineSection } from './sections/engine.ts';
import { communitiesSection } from './sections/communities.ts';
import { peersSection } from './sections/peers.ts';
import { reputationSection } from './sections/reputation.ts';
import { spreadSection } from './sections/spread.ts';
import { sparkSection } from './sections/spark.ts';
import { storesSection } from './sections/stores.ts';
import { importsSection } from './sections/imports.ts';
import { timeSection } from './sections/time.ts';

/** Every bench section, in the order they run; issues add theirs here. */
const SECTIONS: BenchSection[] = [
  engineSection,
  peersSection,
  communitiesSection,
  storesSection,
  importsSection,
  advocatesSection,
  apiSection,
  reputationSection,
  timeSection,
  spreadSection,
  sparkSection,
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
  const { values } = parseArgs({
    options: { only: { type: 'string' }, datasets: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(
      [
        'npm run bench -- [--only SECTION,...] [--datasets DIR]',
        '',
        '  --only      run these sections only (comma-separated)',
        "  --datasets  read the networks from DIR instead of the project's datasets/",
        '',
        'Sections:',
        ...SECTIONS.map((section) => `  ${section.id.padEnd(12)}${section.title}`),
      ].join('\n'),
    );
    return;
  }
  const only = values.only?.split(',').map((s) => s.trim());
  const unknown = only?.filter((id) => !SECTIONS.some((section) => section.id === id)) ?? [];
  if (unknown.length > 0)
    throw new Error(`no bench section named ${unknown.join(', ')} (npm run bench -- --help lists them)`);
  // The project's datasets/ (gzip); --datasets DIR names another folder, e.g. one with the files decompressed.
  const datasetsDir = values.datasets
    ? resolve(values.datasets)
    : fileURLToPath(new URL('../../datasets', import.meta.url));
  if (!existsSync(datasetsDir)) throw new Error(`datasets folder ${datasetsDir} not found (pass --datasets DIR)`);
  const context: BenchContext = {
    log: (line) => console.log(line),
    table: (header, rows) => console.log(formatTable(header, rows)),
    gc: () => (globalThis as { gc?: () => void }).gc?.(),
    dataset: (name) =>
      [name, `${name}.gz`].map((file) => join(datasetsDir, file)).find((path) => existsSync(path)) ?? null,
  };
  console.log(`Sway bench — node ${process.version}, ${new Date().toISOString()}`);
  for (const section of SECTIONS) {
    if (only && !only.includes(section.id)) continue;
    console.log(`\n== ${section.title} (${section.id})`);
    await section.run(context);
  }
}

await main();
