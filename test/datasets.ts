import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** The public datasets the tests run on, gzip-compressed in the project's datasets/ (see datasets/README.md). */
export const DATASETS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../datasets');

/**
 * A dataset by its plain name ('epinions.edgelist'): the path of its gzip file, which Sway's importers read as is.
 * A test that reads the bytes itself must gunzip them (readDatasetText).
 */
export function datasetPath(file: string): string {
  const path = join(DATASETS_DIR, `${file}.gz`);
  if (!existsSync(path)) throw new Error(`dataset ${file} not found: ${path} is missing`);
  return path;
}

/** A dataset's text, gunzipped, for tests that parse a file themselves. */
export function readDatasetText(file: string): string {
  return gunzipSync(readFileSync(datasetPath(file))).toString('utf8');
}

export const FIXTURES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'fixtures');
