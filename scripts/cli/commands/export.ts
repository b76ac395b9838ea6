import { createWriteStream } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { Option, type Command } from 'commander';
import type { GraphStore, ScoreTable } from '../../../server/stores/contract.ts';
import { NotFoundError } from '../../../graph/errors.ts';
import { csvSafeText } from '../../../server/views/csv-cells.ts';
import { wholeNumberArgument } from '../arguments.ts';
import { useStore, withStoreOptions, type StoreCliOptions } from '../store-options.ts';

interface ExportCliOptions extends StoreCliOptions {
  format: 'csv' | 'json';
  out?: string;
  version?: number;
}

export function registerExport(program: Command): void {
  const exportCommand = program.command('export').description('Export data from the store.');
  withStoreOptions(
    exportCommand
      .command('scores')
      .description('Write one row per person with every score column of the current (or a given) score version.')
      .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'))
      .option('--out <file>', 'write to a file instead of standard output')
      .option(
        '--version <n>',
        'a score version other than the current one (the store keeps the current one and the one before it)',
        wholeNumberArgument({ min: 1 }),
      ),
  ).action(async (options: ExportCliOptions) => {
    await useStore(options, async (store) => {
      const table = await store.readScores(options.version);
      if (!table) throw new NotFoundError(await missingVersion(store, options.version));
      const out: Writable = options.out ? createWriteStream(options.out) : process.stdout;
      // Standard output must not be ended by the pipeline; a file must.
      const end = { end: Boolean(options.out) };
      if (options.format === 'csv') {
        await pipeline(
          Readable.from(csvRecords(table)),
          // Text cells that a spreadsheet would run as formulas get a leading quote (server/views/csv-cells.ts).
          stringify({ header: true, columns: ['id', ...table.columns], cast: { string: csvSafeText } }),
          out,
          end,
        );
      } else {
        await pipeline(Readable.from(jsonChunks(table)), out, end);
      }
    });
  });
}

/** Why there is no score table to export: no score set at all, or not the version asked for (naming those kept). */
async function missingVersion(store: GraphStore, version: number | undefined): Promise<string> {
  const kept = await store.scoreVersions();
  if (kept.length === 0) return 'no score set yet: run `sway score` first';
  const list =
    kept.length === 1 ? `only version ${kept[0]}` : `versions ${kept.slice(0, -1).join(', ')} and ${kept.at(-1)}`;
  return `score version ${version} is not in the store, which keeps ${list} (the current score version and the one before it); leave out --version for the current one`;
}

async function* csvRecords(table: ScoreTable): AsyncGenerator<Array<string | number>> {
  for await (const row of table.rows) yield [row.id, ...table.columns.map((c) => row.scores[c] ?? '')];
}

/** JSON: the version's metadata and an array of rows, streamed row by row. */
async function* jsonChunks(table: ScoreTable): AsyncGenerator<string> {
  yield `{"version":${table.version},"meta":${JSON.stringify(table.meta)},"columns":${JSON.stringify(['id', ...table.columns])},"rows":[\n`;
  let first = true;
  for await (const row of table.rows) {
    yield `${first ? '' : ',\n'}${JSON.stringify({ id: row.id, ...row.scores })}`;
    first = false;
  }
  yield '\n]}\n';
}
