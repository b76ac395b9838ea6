import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { InputFileError, InvalidOptionsError } from '../errors.ts';
import type { ImportBatch, RelationshipKind } from '../model.ts';
import { RELATIONSHIP_KINDS } from '../model.ts';
import { checkOneOf, withDefaults } from '../options.ts';
import { SnapshotBuilder, type Snapshot } from '../snapshot.ts';
import { DEFAULT_BATCH_SIZE } from './batches.ts';
import { readPeopleAndRelationshipsCsv } from './csv.ts';
import { readEdgeList, readEdgeListInto } from './edgelist.ts';
import { readGraphologyFormat } from './graphology-formats.ts';
import { checkInputFile } from './input.ts';
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

/** The options' defaults (graphology's `fn.defaults`): the import use case's schema (CLI and API) reads them. */
export const DEFAULTS = {
  format: 'edgelist' as ImportFormat,
  kind: undefined as RelationshipKind | undefined,
  undirected: false,
  ratingRange: [-10, 10] as readonly [number, number],
  people: undefined as string | undefined,
  batchSize: DEFAULT_BATCH_SIZE,
};

/**
 * Reads a file of any supported format as a stream of batches (people first met, then relationships, in the influence
 * direction). Files may be gzip-compressed (recognised by their first bytes). Bad input throws an InputError naming
 * file, line and field (or an InputFileError for a file that is not text, or holds nobody); consumers that store
 * batches must discard everything from that file (the stores do: imports are all-or-nothing). A path that is missing
 * or a folder (except for csv, which reads a folder) is refused at once, before anything is read.
 */
export function readBatches(path: string, options: ImportFileOptions): AsyncIterable<ImportBatch> {
  const o = resolveImportOptions(path, options);
  return refuseEmpty(
    basename(path),
    readFormat(path, o.format, {
      kind: o.kind,
      undirected: o.undirected,
      ratingRange: o.ratingRange,
      people: o.people,
      batchSize: o.batchSize,
    }),
  );
}

/** Checks a file's import options (and that the file exists) and fills in their defaults. */
function resolveImportOptions(path: string, options: ImportFileOptions): typeof DEFAULTS & { kind: RelationshipKind } {
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
  if (!(o.format === 'csv' && existsSync(path) && statSync(path).isDirectory())) checkInputFile(path);
  if (o.people !== undefined) checkInputFile(o.people);
  return { ...o, kind: o.kind ?? (o.format === 'signed-csv' ? 'trusts' : 'influences') };
}

function readFormat(
  path: string,
  format: ImportFormat,
  o: {
    kind: RelationshipKind;
    undirected: boolean;
    ratingRange: readonly [number, number];
    people?: string;
    batchSize: number;
  },
): AsyncIterable<ImportBatch> {
  switch (format) {
    case 'edgelist':
      return readEdgeList(path, { kind: o.kind, undirected: o.undirected, batchSize: o.batchSize });
    case 'signed-csv':
      return readSignedCsv(path, { kind: o.kind, ratingRange: o.ratingRange, batchSize: o.batchSize });
    case 'csv':
      return readPeopleAndRelationshipsCsv(path, { kind: o.kind, people: o.people, batchSize: o.batchSize });
    default:
      return readGraphologyFormat(path, format, { kind: o.kind, batchSize: o.batchSize });
  }
}

/**
 * A file that yields nobody (empty, or only comments and blank lines) is an error, not a successful import of 0
 * people: a scheduled import of a truncated export must not report success.
 */
async function* refuseEmpty(file: string, batches: AsyncIterable<ImportBatch>): AsyncGenerator<ImportBatch> {
  let any = false;
  for await (const batch of batches) {
    if (batch.people.length > 0 || batch.relationships.length > 0) any = true;
    yield batch;
  }
  if (!any) throw new InputFileError(file, NOTHING_IN_FILE);
}

const NOTHING_IN_FILE = 'no relationships in this file (it is empty or holds only comments and blank lines)';

/**
 * Reads a file straight into a compute snapshot (tests, benchmarks, one-off analyses without a store). Edge lists go
 * from bytes to the builder's typed arrays with no object per line; the other formats through their batches.
 */
export async function readSnapshot(path: string, options: ImportFileOptions): Promise<Snapshot> {
  const builder = new SnapshotBuilder({ expectedEdges: 1 << 16 });
  if (options.format === 'edgelist') {
    const o = resolveImportOptions(path, options);
    await readEdgeListInto(builder, path, { kind: o.kind, undirected: o.undirected });
    const snapshot = builder.build();
    if (snapshot.nodeCount === 0) throw new InputFileError(basename(path), NOTHING_IN_FILE);
    return snapshot;
  }
  for await (const batch of readBatches(path, options)) {
    for (const person of batch.people) builder.addPerson(person);
    for (const relationship of batch.relationships) builder.addRelationship(relationship);
  }
  return builder.build();
}
