import { createWriteStream } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { Option, type Command } from 'commander';
import type { ScoreTable } from '../../../server/stores/contract.ts';
import { EXIT } from '../exit-codes.ts';
import { CliError } from '../main.ts';
import { useStore, withStoreOptions, type StoreCliOptions } from '../store-options.ts';

interface ExportCliOptions extends StoreCliOptions {
  format: 'csv' | 'json';
  out?: string;
  version?: string;
}

export function registerExport(program: Command): void {
  const exportCommand = program.command('export').description('Export data from the store.');
  withStoreOptions(
    exportCommand
      .command('scores')
      .description('Write one row per person with every score column of the current (or a given) score version.')
      .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'))
      .option('--out <file>', 'write to a file instead of standard output')
      .option('--version <n>', 'a score version other than the current one'),
  ).action(async (options: ExportCliOptions) => {
    await useStore(options, async (store) => {
      const table = await store.readScores(options.version === undefined ? undefined : Number(options.version));
      if (!table) throw new CliError('no score set yet: run `sway score` first', EXIT.notFound);
      const out: Writable = options.out ? createWriteStream(options.out) : process.stdout;
      // Standard output must not be ended by the pipeline; a file must.
      const end = { end: Boolean(options.out) };
      if (options.format === 'csv') {
        await pipeline(
          Readable.from(csvRecords(table)),
          stringify({ header: true, columns: ['id', ...table.columns] }),
          out,
          end,
        );
      } else {
        await pipeline(Readable.from(jsonChunks(table)), out, end);
      }
    });
  });
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
