import { once } from 'node:events';
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { ComputationFailedError } from '../../../graph/errors.ts';

/**
 * The score columns the application wrote (`scores/part-*.gz`: gzip CSV, the header `index,id,<columns>` first), read
 * into one Float64Array per column by person index, NaN where a field is empty. With `withIds` the ids are read too (a
 * graph Sway did not write, where Sway does not know them); otherwise the id field is empty and the file is all
 * numbers, read with a plain split.
 */
export interface ReadScores {
  columns: Record<string, Float64Array>;
  ids: string[] | null;
}

export async function readScoreFiles(folder: string, people: number | null, withIds: boolean): Promise<ReadScores> {
  const files = readdirSync(folder)
    .filter((name) => name.startsWith('part-'))
    .sort();
  if (files.length === 0) throw new ComputationFailedError(`spark: no score files in ${folder}`);
  let names: string[] | null = null;
  let columns: Float64Array[] = [];
  const ids: string[] = [];
  const ensure = (size: number): void => {
    if (size <= columns[0].length) return;
    columns = columns.map((column) => {
      const grown = new Float64Array(Math.max(size, column.length * 2)).fill(NaN);
      grown.set(column);
      return grown;
    });
  };
  let count = 0;
  const take = (fields: string[]): void => {
    if (names === null) {
      names = fields.slice(2);
      columns = names.map(() => new Float64Array(people ?? 1024).fill(NaN));
      return;
    }
    if (fields[0] === 'index') return; // each part repeats the header
    const i = Number(fields[0]);
    ensure(i + 1);
    if (withIds) ids[i] = fields[1];
    for (let c = 0; c < columns.length; c++) {
      const text = fields[c + 2];
      if (text !== '' && text !== undefined) columns[c][i] = Number(text);
    }
    count = Math.max(count, i + 1);
  };
  for (const file of files) {
    const raw = createReadStream(join(folder, file));
    const input = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
    if (withIds) {
      for await (const record of input.pipe(parse({ relax_column_count: false }))) take(record as string[]);
    } else {
      const lines = createInterface({ input, crlfDelay: Infinity });
      lines.on('line', (line) => line && take(line.split(',')));
      await once(lines, 'close');
    }
  }
  if (names === null) throw new ComputationFailedError(`spark: the score files in ${folder} have no header`);
  const size = people ?? count;
  const result: Record<string, Float64Array> = {};
  (names as string[]).forEach(
    (name, c) => (result[name] = columns[c].length === size ? columns[c] : columns[c].slice(0, size)),
  );
  return { columns: result, ids: withIds ? ids.slice(0, size) : null };
}

/** The meta.json the application wrote. */
export function readAppMeta(folder: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(folder, 'meta.json'), 'utf8')) as Record<string, unknown>;
}
