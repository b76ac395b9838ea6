import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared public datasets live beside the checkout (../shared/datasets); tests read them, Sway never needs them. */
export const DATASETS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/datasets');

export function datasetPath(file: string): string {
  const path = join(DATASETS_DIR, file);
  if (!existsSync(path)) throw new Error(`dataset ${file} not found under ${DATASETS_DIR}`);
  return path;
}

export const FIXTURES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'fixtures');
