import { createWriteStream } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { Option, type Command } from 'commander';
import type { GraphStore, ScoreTable } from '../../../server/stores/contract.ts';
import { NotFoundError } from '../../../graph/errors.ts';
import { csvSafeText } from '../../../server/views/csv-cells.ts';
import { EXPORT_FORMATS } from '../../../graph/export/index.ts';
import { MAX_EGO_DEPTH } from '../../../graph/export/selection.ts';
import { formatPeople, formatQuantity } from '../../../graph/scores/format.ts';
import { exportGraph, exportGraphOptions } from '../../../server/usecases/export-graph.ts';
import { wholeNumberArgument } from '../arguments.ts';
import { numberFlag, parseFlags } from '../flags.ts';
import { useStore, withStoreOptions, type StoreCliOptions } from '../store-options.ts';
import { channelScoreTable } from '../../../server/views/channel-scores.ts';

interface ExportCliOptions extends StoreCliOptions {
  format: 'csv' | 'json';
  out?: string;
  version?: number;
  channel?: string;
}

export function registerExport(program: Command): void {
  const exportCommand = program.command('export').description('Export data from the store.');
  registerExportGraph(exportCommand);
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
      )
      .option(
        '--channel <name>',
        "one channel's influence, audience and two-hop reach (computed on that channel's relationships alone) instead of every column",
      ),
  ).action(async (options: ExportCliOptions) => {
    await useStore(options, async (store) => {
      const stored = await store.readScores(options.version);
      if (!stored) throw new NotFoundError(await missingVersion(store, options.version));
      const table = options.channel === undefined ? stored : channelScoreTable(stored, options.channel);
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

interface ExportGraphCliOptions extends StoreCliOptions {
  format?: string;
  top?: string;
  community?: string;
  ego?: string;
  depth?: string;
  out?: string;
}

/** `sway export graph`: the scored graph for Gephi, Gephi Lite, NetworkX or graphology (usecases/export-graph.ts). */
function registerExportGraph(exportCommand: Command): void {
  withStoreOptions(
    exportCommand
      .command('graph')
      .description(
        "Write the graph with every score and each person's community name as node attributes, coloured by community and sized by influence, for Gephi, Gephi Lite, NetworkX or graphology.",
      )
      .option('--format <format>', `${EXPORT_FORMATS.join(', ')} (default gexf)`)
      .option('--top <n>', 'only the n most influential people and the relationships among them')
      .option('--community <c>', 'only community c (its number) and the relationships inside it')
      .option('--ego <id>', 'only the people within --depth steps of this person')
      .option('--depth <d>', `steps from --ego, 1 to ${MAX_EGO_DEPTH} (default 1)`)
      .option('--out <file>', 'write to a file instead of standard output'),
  ).action(async (options: ExportGraphCliOptions) => {
    const values = {
      format: options.format,
      top: numberFlag(options.top),
      community: numberFlag(options.community),
      ego: options.ego,
      depth: numberFlag(options.depth),
    };
    const given = { format: options.format, top: options.top, community: options.community, depth: options.depth };
    const parsed = parseFlags(exportGraphOptions, values, 'sway export graph', {}, given);
    await useStore(options, async (store) => {
      const result = await exportGraph(store, parsed);
      const out: Writable = options.out ? createWriteStream(options.out) : process.stdout;
      await pipeline(Readable.from(result.chunks), out, { end: Boolean(options.out) });
      if (options.out)
        process.stderr.write(
          `Wrote ${formatPeople(result.people)} and ${formatQuantity(result.relationships, 'relationship')} to ${options.out}.\n`,
        );
    });
  });
}

/** Why there is no score table to export: no score set at all, or not the version asked for (naming those kept). */
async function missingVersion(store: GraphStore, version: number | undefined): Promise<string> {
  const kept = await store.scoreVersions();
  if (kept.length === 0) return 'no score set yet: run `sway score` first';
  const list =
    kept.length === 1 ? `only version ${kept[0]}` : `versions ${kept.slice(0, -1).join(', ')} and ${kept.at(-1)}`;
  return `score version ${version} is not in the store, which keeps ${list} (sway score --keep-versions and --keep-days say how many it keeps); leave out --version for the current one`;
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
