import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse';
import { InputError, InvalidOptionsError } from '../errors.ts';
import {
  influenceDirection,
  type ImportBatch,
  type Person,
  type Relationship,
  type RelationshipKind,
} from '../model.ts';
import { BatchCollector } from './batches.ts';
import {
  optionalBoolean,
  optionalKind,
  optionalList,
  optionalNumber,
  optionalText,
  optionalTime,
  optionalUnitInterval,
  optionalWeight,
  requiredId,
  type Position,
} from './fields.ts';

export interface CsvOptions {
  /** Kind of relationship rows without a `kind` column. */
  kind: RelationshipKind;
  /** The people file when `path` names the relationships file; optional. */
  people?: string;
  batchSize: number;
}

const PEOPLE_COLUMNS = ['id', 'label', 'handle', 'segment', 'region', 'channels', 'customer', 'clv', 'sentiment'];
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
    peopleFile = join(path, 'people.csv');
    relationshipsFile = join(path, 'relationships.csv');
    if (!existsSync(relationshipsFile)) throw new InvalidOptionsError('import csv', `${path} has no relationships.csv`);
    if (!existsSync(peopleFile)) peopleFile = undefined;
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
  const person: Person = { id: requiredId(row.id, at, 'id') };
  const label = optionalText(row.label);
  const handle = optionalText(row.handle);
  const segment = optionalText(row.segment);
  const region = optionalText(row.region);
  const channels = optionalList(row.channels);
  const customer = optionalBoolean(row.customer, at, 'customer');
  const clv = optionalNumber(row.clv, at, 'clv', { min: 0 });
  const sentiment = optionalUnitInterval(row.sentiment, at, 'sentiment');
  return Object.assign(
    person,
    label !== undefined && { label },
    handle !== undefined && { handle },
    segment !== undefined && { segment },
    region !== undefined && { region },
    channels !== undefined && { channels },
    customer !== undefined && { customer },
    clv !== undefined && { clv },
    sentiment !== undefined && { sentiment },
  );
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

/** Streams a CSV file with a header row as records, checking the header names known and required columns. */
async function* readCsvRows(
  path: string,
  known: string[],
  required: string[],
): AsyncGenerator<[Record<string, string>, Position]> {
  const file = basename(path);
  const parser = createReadStream(path).pipe(
    parse({
      columns: (header: string[]) => checkHeader(header, file, known, required),
      bom: true,
      trim: true,
      skip_empty_lines: true,
      info: true,
    }),
  );
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      yield [record, { file, line: info.lines }];
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    const line = (error as { lines?: number }).lines ?? parser.info.lines;
    throw new InputError(file, line, 'row', (error as Error).message.replace(/^Invalid Record Length: /, ''));
  }
}

function checkHeader(header: string[], file: string, known: string[], required: string[]): string[] {
  const names = header.map((name) => name.trim().toLowerCase());
  for (const name of names) {
    if (!known.includes(name))
      throw new InputError(file, 1, name, `is not a known column (known: ${known.join(', ')})`);
  }
  for (const name of required) {
    if (!names.includes(name)) throw new InputError(file, 1, name, 'column is required in the header row');
  }
  return names;
}
