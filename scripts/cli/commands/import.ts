import { basename } from 'node:path';
import { Option, type Command } from 'commander';
import { IMPORT_FORMATS } from '../../../graph/import/index.ts';
import { RELATIONSHIP_KINDS } from '../../../graph/model.ts';
import { importNetwork, importOptions } from '../../../server/usecases/import.ts';
import { parseFlags } from '../flags.ts';
import { createProgress, progressHooks } from '../progress.ts';
import { useStore, withStoreOptions, type StoreCliOptions } from '../store-options.ts';

interface ImportCliOptions extends StoreCliOptions {
  format?: string;
  kind?: string;
  undirected?: boolean;
  ratingRange?: string;
  people?: string;
  json?: boolean;
}

const DEFAULTS = importOptions.parse({});

export function registerImport(program: Command): void {
  withStoreOptions(
    program
      .command('import')
      .description(
        'Import a network file into the store, all or nothing (a bad row names file, line and field; nothing is kept).',
      )
      .argument(
        '<file>',
        'the file (for --format csv: relationships.csv, or a folder holding people.csv and relationships.csv)',
      )
      .addOption(new Option('--format <format>', `file format (default ${DEFAULTS.format})`).choices(IMPORT_FORMATS))
      .addOption(
        new Option(
          '--kind <kind>',
          'what an edge "u v" means: u follows / trusts v (influence flows v -> u), or u influences v',
        ).choices(RELATIONSHIP_KINDS),
      )
      .option('--undirected', 'edgelist: each line is a mutual relationship (stored both ways)')
      .option(
        '--rating-range <lo,hi>',
        `signed-csv: the range ratings are given in, scaled onto [-1, 1] (default ${DEFAULTS.ratingRange.join(',')})`,
      )
      .option('--people <file>', 'csv: the people file, when <file> is the relationships file')
      .option('--json', 'print the result as JSON'),
  ).action(async (file: string, options: ImportCliOptions) => {
    const reading = parseFlags(
      importOptions,
      {
        format: options.format,
        kind: options.kind,
        undirected: options.undirected,
        ratingRange: options.ratingRange?.split(',').map((x) => (x.trim() === '' ? NaN : Number(x))),
      },
      'sway import',
      {},
      { ratingRange: options.ratingRange },
    );
    const progress = createProgress({ json: options.json });
    const started = performance.now();
    const result = await useStore(options, (store) =>
      importNetwork(
        store,
        { ...reading, file, people: options.people, source: basename(file) },
        progressHooks(progress),
      ).finally(() => progress.stop()),
    );
    const seconds = (performance.now() - started) / 1000;
    const rate = Math.round(result.relationships / seconds);
    if (options.json) {
      const { people, relationships, graphVersion } = result;
      process.stdout.write(
        `${JSON.stringify({ file, people, relationships, graphVersion, seconds, relationshipsPerSecond: rate })}\n`,
      );
    } else {
      process.stdout.write(
        `Imported ${result.people.toLocaleString('en-US')} people and ${result.relationships.toLocaleString('en-US')} relationships ` +
          `from ${basename(file)} in ${seconds.toFixed(1)} s (${rate.toLocaleString('en-US')} relationships/s); graph version ${result.graphVersion}.\n`,
      );
    }
  });
}
