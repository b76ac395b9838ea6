import { basename } from 'node:path';
import { Option, type Command } from 'commander';
import { IMPORT_FORMATS, readBatches, type ImportFormat } from '../../../graph/import/index.ts';
import { RELATIONSHIP_KINDS, type RelationshipKind } from '../../../graph/model.ts';
import { createProgress } from '../progress.ts';
import { useStore, withStoreOptions, type StoreCliOptions } from '../store-options.ts';

interface ImportCliOptions extends StoreCliOptions {
  format: ImportFormat;
  kind?: RelationshipKind;
  undirected?: boolean;
  ratingRange?: string;
  people?: string;
  json?: boolean;
}

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
      .addOption(new Option('--format <format>', 'file format').choices(IMPORT_FORMATS).default('edgelist'))
      .addOption(
        new Option(
          '--kind <kind>',
          'what an edge "u v" means: u follows / trusts v (influence flows v -> u), or u influences v',
        ).choices(RELATIONSHIP_KINDS),
      )
      .option('--undirected', 'edgelist: each line is a mutual relationship (stored both ways)')
      .option('--rating-range <lo,hi>', 'signed-csv: the range ratings are given in, scaled onto [-1, 1]', '-10,10')
      .option('--people <file>', 'csv: the people file, when <file> is the relationships file')
      .option('--json', 'print the result as JSON'),
  ).action(async (file: string, options: ImportCliOptions) => {
    const [lo, hi] = (options.ratingRange ?? '-10,10').split(',').map(Number);
    const batches = readBatches(file, {
      format: options.format,
      kind: options.kind,
      undirected: options.undirected ?? false,
      ratingRange: [lo, hi],
      people: options.people,
    });
    const progress = createProgress({ json: options.json });
    const started = performance.now();
    const result = await useStore(options, async (store) => {
      progress.phase('import');
      try {
        return await store.importBatches(batches, {
          source: basename(file),
          onProgress: ({ relationships }) =>
            progress.update(0, `${relationships.toLocaleString('en-US')} relationships`),
        });
      } finally {
        progress.stop();
      }
    });
    const seconds = (performance.now() - started) / 1000;
    const rate = Math.round(result.relationships / seconds);
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ file, ...result, seconds, relationshipsPerSecond: rate })}\n`);
    } else {
      process.stdout.write(
        `Imported ${result.people.toLocaleString('en-US')} people and ${result.relationships.toLocaleString('en-US')} relationships ` +
          `from ${basename(file)} in ${seconds.toFixed(1)} s (${rate.toLocaleString('en-US')} relationships/s); graph version ${result.graphVersion}.\n`,
      );
    }
  });
}
