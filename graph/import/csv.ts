import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pipeline, Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { InputError, InvalidOptionsError, SwayError } from '../errors.ts';
import {
  influenceDirection,
  PERSON_FIELDS,
  type ImportBatch,
  type Person,
  type Relationship,
  type RelationshipKind,
} from '../model.ts';
import { BatchCollector } from './batches.ts';
import {
  optionalKind,
  optionalText,
  optionalTime,
  optionalUnitInterval,
  optionalWeight,
  personFrom,
  type Position,
  requiredId,
} from './fields.ts';
import { readInput } from './input.ts';

export interface CsvOptions {
  /** Kind of relationship rows without a `kind` column. */
  kind: RelationshipKind;
  /** The people file when `path` names the relationships file; optional. */
  people?: string;
  batchSize: number;
}

const PEOPLE_COLUMNS = ['id', ...PERSON_FIELDS];
const RELATIONSHIP_COLUMNS = ['source', 'target', 'kind', 'channel', 'weight', 'rating', 'time'];

/**
 * A people.csv and a relationships.csv, each with a header row. `path` is either a folder holding both files, or the
 * relationships file (with `options.people` naming the people file, if any).
 *
 * people.csv: id (required), label, handle, segment, region, channels ("email;sms"), customer (true/false), clv (>= 0),
 * sentiment ([-1, 1]). relationships.csv: source, target (required), kind (follows|trusts|influences), channel,
 * weight (> 0, default 1), rating ([-1, 1]: the listener's rating of the speaker), time (Unix seconds or ISO date).
 */
export async function* readPeopleAndRelationshipsCsv(path: string, options: CsvOptions): AsyncGenerator<ImportBatch> {
  let peopleFile = options.people;
  let relationshipsFile = path;
  if (existsSync(path) && statSync(path).isDirectory()) {
    relationshipsFile = inFolder(path, 'relationships.csv') ?? '';
    if (!relationshipsFile)
      throw new InvalidOptionsError('import csv', `${path} has no relationships.csv (or relationships.csv.gz)`);
    peopleFile = inFolder(path, 'people.csv');
  }
  const collector = new BatchCollector(options.batchSize);
  if (peopleFile) {
    for await (const [row, at] of readCsvRows(peopleFile, PEOPLE_COLUMNS, ['id'])) {
      collector.person(personFromRow(row, at));
      if (collector.full) yield collector.take();
    }
  }
  for await (const [row, at] of readCsvRows(relationshipsFile, RELATIONSHIP_COLUMNS, ['source', 'target'])) {
    collector.relationship(relationshipFromRow(row, at, options.kind));
    if (collector.full) yield collector.take();
  }
  if (!collector.empty) yield collector.take();
}

function personFromRow(row: Record<string, string>, at: Position): Person {
  return personFrom(requiredId(row.id, at, 'id'), row, () => at);
}

function relationshipFromRow(row: Record<string, string>, at: Position, fallbackKind: RelationshipKind): Relationship {
  const u = requiredId(row.source, at, 'source');
  const v = requiredId(row.target, at, 'target');
  const kind = optionalKind(row.kind, fallbackKind, at);
  const [source, target] = influenceDirection(u, v, kind);
  const relationship: Relationship = { source, target, kind, weight: optionalWeight(row.weight, at) };
  const channel = optionalText(row.channel);
  const rating = optionalUnitInterval(row.rating, at, 'rating');
  const time = optionalTime(row.time, at);
  return Object.assign(
    relationship,
    channel !== undefined && { channel },
    rating !== undefined && { rating },
    time !== undefined && { time },
  );
}

/** A file of the folder by its name, or the same name with .gz (read by its magic bytes either way). */
function inFolder(folder: string, name: string): string | undefined {
  return [name, `${name}.gz`].map((candidate) => join(folder, candidate)).find((candidate) => existsSync(candidate));
}

/** Streams a CSV file with a header row as records, checking the header names known and required columns. */
async function* readCsvRows(
  path: string,
  known: string[],
  required: string[],
): AsyncGenerator<[Record<string, string>, Position]> {
  const file = basename(path);
  const parser = parse({
    columns: (header: string[]) => checkHeader(header, file, known, required),
    bom: true,
    trim: true,
    skip_empty_lines: true,
    info: true,
  });
  // pipeline, not pipe: an unreadable or binary file ends the iteration below with its error.
  pipeline(Readable.from(readInput(path)), parser, () => undefined);
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      yield [record, { file, line: info.lines }];
    }
  } catch (error) {
    if (error instanceof SwayError) throw error;
    const line = (error as { lines?: number }).lines ?? parser.info.lines;
    throw new InputError(file, line, 'row', (error as Error).message.replace(/^Invalid Record Length: /, ''));
  }
}

function checkHeader(header: string[], file: string, known: string[], required: string[]): string[] {
  const names = header.map((name) => name.trim().toLowerCase());
  for (const [at, name] of names.entries()) {
    if (names.indexOf(name) !== at) throw new InputError(file, 1, name, 'appears twice in the header row');
    if (!known.includes(name))
      throw new InputError(file, 1, name, `is not a known column (known: ${known.join(', ')})`);
  }
  for (const name of required) {
    if (!names.includes(name)) throw new InputError(file, 1, name, 'column is required in the header row');
  }
  return names;
}
