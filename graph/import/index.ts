import { existsSync } from 'node:fs';
import { InvalidOptionsError } from '../errors.ts';
import type { ImportBatch, RelationshipKind } from '../model.ts';
import { RELATIONSHIP_KINDS } from '../model.ts';
import { checkOneOf, withDefaults } from '../options.ts';
import { SnapshotBuilder, type Snapshot } from '../snapshot.ts';
import { DEFAULT_BATCH_SIZE } from './batches.ts';
import { readPeopleAndRelationshipsCsv } from './csv.ts';
import { readEdgeList } from './edgelist.ts';
import { readGraphologyFormat } from './graphology-formats.ts';
import { readSignedCsv } from './signed-csv.ts';

export const IMPORT_FORMATS = ['edgelist', 'signed-csv', 'csv', 'json', 'gexf', 'graphml'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportFileOptions {
  format: ImportFormat;
  /**
   * What a file's edge `u v` means. Default `influences` (the edge as given), except `trusts` for signed-csv, where a
   * rating means the rater listens to the rated person.
   */
  kind?: RelationshipKind;
  /** edgelist: each line is a mutual relationship stored in both directions. Default false. */
  undirected?: boolean;
  /** signed-csv: the range ratings are declared in, scaled onto [-1, 1]. Default [-10, 10] (Bitcoin OTC/Alpha). */
  ratingRange?: readonly [number, number];
  /** csv: the people file when the path names the relationships file. */
  people?: string;
  /** People plus relationships per batch. Default 10,000. */
  batchSize?: number;
}

const DEFAULTS = {
  format: 'edgelist' as ImportFormat,
  kind: undefined as RelationshipKind | undefined,
  undirected: false,
  ratingRange: [-10, 10] as readonly [number, number],
  people: undefined as string | undefined,
  batchSize: DEFAULT_BATCH_SIZE,
};

/**
 * Reads a file of any supported format as a stream of batches (people first met, then relationships, in the influence
 * direction). Bad input throws an InputError naming file, line and field; consumers that store batches must discard
 * everything from that file (the stores do: imports are all-or-nothing).
 */
export function readBatches(path: string, options: ImportFileOptions): AsyncIterable<ImportBatch> {
  const o = withDefaults(DEFAULTS, options, 'import');
  checkOneOf('import', 'format', o.format, IMPORT_FORMATS);
  if (o.kind !== undefined) checkOneOf('import', 'kind', o.kind, RELATIONSHIP_KINDS);
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1)
    throw new InvalidOptionsError('import', '"batchSize" must be a positive integer');
  if (!Array.isArray(o.ratingRange) || o.ratingRange.length !== 2 || !(o.ratingRange[0] < o.ratingRange[1])) {
    throw new InvalidOptionsError('import', '"ratingRange" must be [low, high] with low < high');
  }
  if (o.undirected && o.format !== 'edgelist')
    throw new InvalidOptionsError('import', '"undirected" applies to the edgelist format only');
  if (!existsSync(path)) throw new InvalidOptionsError('import', `file not found: ${path}`);
  const kind = o.kind ?? (o.format === 'signed-csv' ? 'trusts' : 'influences');
  switch (o.format) {
    case 'edgelist':
      return readEdgeList(path, { kind, undirected: o.undirected, batchSize: o.batchSize });
    case 'signed-csv':
      return readSignedCsv(path, { kind, ratingRange: o.ratingRange, batchSize: o.batchSize });
    case 'csv':
      return readPeopleAndRelationshipsCsv(path, { kind, people: o.people, batchSize: o.batchSize });
    default:
      return readGraphologyFormat(path, o.format, { kind, batchSize: o.batchSize });
  }
}

/** Reads a file straight into a compute snapshot (tests, benchmarks, one-off analyses without a store). */
export async function readSnapshot(path: string, options: ImportFileOptions): Promise<Snapshot> {
  const builder = new SnapshotBuilder({ expectedEdges: 1 << 16 });
  for await (const batch of readBatches(path, options)) {
    for (const person of batch.people) builder.addPerson(person);
    for (const relationship of batch.relationships) builder.addRelationship(relationship);
  }
  return builder.build();
}
